package io.redisproxy.operator.rollout;

import io.redisproxy.testkit.RedisServer;
import java.util.Map;

/**
 * What a Redis pod's readiness probe judges, for tests whose "pods" are local servers: a primary
 * that answers (in a Redis Cluster, one that serves slots), or a replica whose link is up and whose
 * first sync is done.
 */
final class ReadyProbe {
  private ReadyProbe() {}

  static boolean ready(RedisServer server) {
    try {
      Map<String, String> replication = server.info("replication");
      if ("master".equals(replication.get("role"))) {
        return !clusterEnabled(server) || servesSlots(server);
      }
      return "up".equals(replication.get("master_link_status"))
          && "0".equals(replication.get("master_sync_in_progress"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean clusterEnabled(RedisServer server) {
    return "1".equals(server.info("cluster").get("cluster_enabled"));
  }

  private static boolean servesSlots(RedisServer server) {
    for (String line : ((String) server.command("CLUSTER", "NODES")).split("\n")) {
      if (line.contains("myself")) {
        return line.trim().split(" ").length > 8;
      }
    }
    return false;
  }
}
