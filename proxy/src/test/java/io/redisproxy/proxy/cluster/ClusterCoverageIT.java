package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Redis Cluster whose slots are not all served, as while it forms or after losing a shard. */
class ClusterCoverageIT {
  private RedisCluster cluster;
  private ProxyServer proxy;

  @BeforeEach
  void start() {
    cluster = RedisCluster.start(3, 0);
    proxy =
        ProxyServer.start(ProxyFixture.clusterConfig("cache", cluster.seeds(), ReadPolicy.PRIMARY));
  }

  @AfterEach
  void stop() {
    try {
      proxy.close();
    } finally {
      cluster.close();
    }
  }

  @Test
  void aSlotNobodyServesIsRefusedAsRedisClusterWouldAndTheProxyIsNotReady() {
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.notReadyReason().isEmpty());
    String key = "orphan";
    int slot = cluster.slotOf(key);
    RedisServer owner = cluster.primaryOf(key);
    for (RedisServer node : cluster.nodes()) {
      // Every node forgets who serves the slot, as after its shard is gone.
      try (RespSocket redis = RespSocket.connect("127.0.0.1", node.port())) {
        redis.command("CLUSTER", "DELSLOTS", String.valueOf(slot));
      }
    }
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> client.command("SET", key, "v"))
                      .isInstanceOf(RedisErrorReply.class)
                      .hasMessageStartingWith("CLUSTERDOWN"));
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(proxy.notReadyReason())
                      .hasValue("cluster cache serves 16383 of 16384 slots"));
      assertThatThrownBy(() -> client.command("SET", key, "v"))
          .hasMessage("CLUSTERDOWN Hash slot not served by upstream cache");
    }
    // Served again: ready again, and the key is written.
    try (RespSocket redis = RespSocket.connect("127.0.0.1", owner.port())) {
      redis.command("CLUSTER", "ADDSLOTS", String.valueOf(slot));
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.notReadyReason().isEmpty());
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(client.command("SET", key, "v")).isEqualTo("OK"));
    }
  }
}
