package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client blocked through the proxy on a Redis Cluster key keeps blocking when the key's slot
 * moves to another node: Redis answers the blocked connection {@code -MOVED}, which a client of one
 * server would not understand, and the proxy blocks again on the slot's new owner.
 */
class ClusterBlockingIT {
  @Test
  void aClientBlockedOnAKeyWhoseSlotMovesIsServedByTheNewOwner() {
    try (RedisCluster cluster = RedisCluster.start(3, 0);
        ProxyServer proxy =
            ProxyServer.start(
                ProxyFixture.clusterConfig("cache", cluster.seeds(), ReadPolicy.PRIMARY));
        RespSocket blocked = RespSocket.connect("127.0.0.1", proxy.port());
        RespSocket pusher = RespSocket.connect("127.0.0.1", proxy.port())) {
      String key = "jobs";
      RedisServer from = cluster.primaryOf(key);
      RedisServer to = cluster.nodes().stream().filter(n -> n != from).findFirst().orElseThrow();
      blocked.send("BLPOP", key, "0");
      await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(from) == 1);

      moveEmptySlot(cluster, cluster.slotOf(key), from, to);

      await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(to) == 1);
      assertThat(blockedClients(from)).isZero();
      assertThat(pusher.command("RPUSH", key, "job-1")).isEqualTo(1L);
      assertThat(blocked.readReply()).isEqualTo(List.of(key, "job-1"));
    }
  }

  /**
   * A block on a missing key of a migrating slot gets {@code -ASK} at once; the proxy blocks on the
   * importing node, where a push that is itself redirected by ASK serves it.
   */
  @Test
  void aBlockOnAMigratingSlotIsAskedOverToTheImportingNode() {
    try (RedisCluster cluster = RedisCluster.start(3, 0);
        ProxyServer proxy =
            ProxyServer.start(
                ProxyFixture.clusterConfig("cache", cluster.seeds(), ReadPolicy.PRIMARY));
        RespSocket blocked = RespSocket.connect("127.0.0.1", proxy.port());
        RespSocket pusher = RespSocket.connect("127.0.0.1", proxy.port())) {
      String key = "tasks";
      RedisServer from = cluster.primaryOf(key);
      RedisServer to = cluster.nodes().stream().filter(n -> n != from).findFirst().orElseThrow();
      String slot = String.valueOf(cluster.slotOf(key));
      to.command("CLUSTER", "SETSLOT", slot, "IMPORTING", (String) from.command("CLUSTER", "MYID"));
      from.command("CLUSTER", "SETSLOT", slot, "MIGRATING", (String) to.command("CLUSTER", "MYID"));

      blocked.send("BLPOP", key, "0");
      await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(to) == 1);
      assertThat(pusher.command("RPUSH", key, "task-1")).isEqualTo(1L);
      assertThat(blocked.readReply()).isEqualTo(List.of(key, "task-1"));
    }
  }

  /** Moves a slot that holds no keys the way redis-cli does, so the new owner's epoch wins. */
  private static void moveEmptySlot(
      RedisCluster cluster, int slot, RedisServer from, RedisServer to) {
    String slotText = String.valueOf(slot);
    String fromId = (String) from.command("CLUSTER", "MYID");
    String toId = (String) to.command("CLUSTER", "MYID");
    to.command("CLUSTER", "SETSLOT", slotText, "IMPORTING", fromId);
    from.command("CLUSTER", "SETSLOT", slotText, "MIGRATING", toId);
    to.command("CLUSTER", "SETSLOT", slotText, "NODE", toId);
    for (RedisServer node : cluster.nodes()) {
      if (node != to) {
        node.command("CLUSTER", "SETSLOT", slotText, "NODE", toId);
      }
    }
  }

  private static long blockedClients(RedisServer server) {
    return Long.parseLong(server.info("clients").get("blocked_clients"));
  }
}
