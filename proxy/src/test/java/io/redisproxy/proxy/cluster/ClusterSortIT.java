package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SORT through the proxy to a Redis Cluster: the cluster answers BY and GET patterns itself. */
class ClusterSortIT {
  private RedisCluster cluster;
  private ProxyServer proxy;

  @BeforeEach
  void start() {
    cluster = RedisCluster.start(3, 0);
    proxy =
        ProxyServer.start(ProxyFixture.clusterConfig("cache", cluster.seeds(), ReadPolicy.PRIMARY));
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.notReadyReason().isEmpty());
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
  void patternsGetTheClustersOwnErrors() {
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      client.command("RPUSH", "{u}:list", "2", "1");
      assertThat(client.command("SORT", "{u}:list", "BY", "nosort")).isEqualTo(List.of("2", "1"));
      assertThatThrownBy(() -> client.command("SORT", "{u}:list", "BY", "{u}:w_*"))
          .isInstanceOf(RedisErrorReply.class)
          .hasMessage("ERR BY option of SORT denied in Cluster mode.");
      assertThatThrownBy(() -> client.command("SORT_RO", "{u}:list", "GET", "o_*"))
          .isInstanceOf(RedisErrorReply.class)
          .hasMessage("ERR GET option of SORT denied in Cluster mode.");
    }
  }
}
