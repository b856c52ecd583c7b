package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts, functions and settings through the proxy reach every master of a Redis Cluster; each
 * reply is the one a direct redis-server gives.
 */
class ClusterScriptingIT {
  private static RedisCluster cluster;
  private static ProxyServer proxy;
  private static RedisServer direct;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start(3, 0);
    direct = RedisServer.start();
    proxy =
        ProxyServer.start(ProxyFixture.clusterConfig("cache", cluster.seeds(), ReadPolicy.PRIMARY));
    awaitDiscovered();
  }

  @AfterAll
  static void stop() {
    try {
      proxy.close();
    } finally {
      try {
        cluster.close();
      } finally {
        direct.close();
      }
    }
  }

  @Test
  void scriptsAndFunctionsReachEveryMaster() {
    List<String> keys = keysOnEveryMaster();
    String script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port());
        RespSocket expected = direct.connect()) {
      String sha = (String) same(client, expected, "SCRIPT", "LOAD", script);
      same(
          client,
          expected,
          "FUNCTION",
          "LOAD",
          "REPLACE",
          "#!lua name=counters\nredis.register_function('bump', function(keys, args)"
              + " return redis.call('INCRBY', keys[1], args[1]) end)");
      for (RedisServer master : masters()) {
        assertThat(master.command("SCRIPT", "EXISTS", sha)).isEqualTo(List.of(1L));
        assertThat((List<?>) master.command("FUNCTION", "LIST")).hasSize(1);
      }
      for (String key : keys) {
        same(client, expected, "EVALSHA", sha, "1", key, "2");
        same(client, expected, "FCALL", "bump", "1", key, "3");
      }
      same(client, expected, "SCRIPT", "EXISTS", sha);
      same(client, expected, "FUNCTION", "DELETE", "counters");
      same(client, expected, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
      for (RedisServer master : masters()) {
        assertThat(master.command("CONFIG", "GET", "maxmemory-policy"))
            .isEqualTo(List.of("maxmemory-policy", "allkeys-lru"));
      }
      same(client, expected, "CONFIG", "GET", "maxmemory-policy");
      same(client, expected, "CONFIG", "SET", "maxmemory-policy", "noeviction");
      same(client, expected, "SCRIPT", "FLUSH");
      same(client, expected, "EVALSHA", sha, "1", keys.get(0), "1");
    }
  }

  private static void awaitDiscovered() {
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.notReadyReason().isEmpty());
  }

  private static List<RedisServer> masters() {
    List<RedisServer> masters = new ArrayList<>();
    for (RedisServer node : cluster.nodes()) {
      if ("master".equals(node.info("replication").get("role"))) {
        masters.add(node);
      }
    }
    return masters;
  }

  private static List<String> keysOnEveryMaster() {
    List<String> keys = new ArrayList<>();
    List<RedisServer> owners = new ArrayList<>();
    for (int i = 0; keys.size() < 3; i++) {
      RedisServer owner = cluster.primaryOf("key" + i);
      if (!owners.contains(owner)) {
        owners.add(owner);
        keys.add("key" + i);
      }
    }
    return keys;
  }

  private static Object same(RespSocket client, RespSocket expected, String... command) {
    Object reply = replyOrError(expected, command);
    assertThat(replyOrError(client, command)).as("reply to %s", List.of(command)).isEqualTo(reply);
    return reply;
  }

  private static Object replyOrError(RespSocket socket, String... command) {
    try {
      return socket.command(command);
    } catch (RedisErrorReply e) {
      return e.getMessage();
    }
  }
}
