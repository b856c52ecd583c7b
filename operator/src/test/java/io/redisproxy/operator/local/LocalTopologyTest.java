package io.redisproxy.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.local.LocalTopology.LocalRedis;
import io.redisproxy.operator.local.LocalTopology.LocalSentinel;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.sentinel.SentinelPlan;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ShardConfig;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class LocalTopologyTest {
  private static RedisProxyModel model(String spec) {
    String yaml =
        "apiVersion: redisproxy.io/v1alpha1\nkind: RedisProxy\n"
            + "metadata: {name: cache, namespace: shop}\nspec:\n"
            + spec.stripIndent().indent(2);
    return RedisProxyModel.of(
        Serialization.unmarshal(yaml, RedisProxy.class),
        new OperatorDefaults("redis:7.2", "proxy:1"));
  }

  private static IntSupplier portsFrom(int first) {
    int[] next = {first};
    return () -> next[0]++;
  }

  @Test
  void localProxiesRunTheTransportTheSpecForces() {
    assertThat(
            LocalTopology.of(model("redis: {shards: 1}\nproxy: {transport: nio}"), portsFrom(7000))
                .proxies())
        .isNotEmpty()
        .allSatisfy(proxy -> assertThat(proxy.options()).containsExactly("--transport", "nio"));
    assertThat(LocalTopology.of(model("redis: {shards: 1}"), portsFrom(7000)).proxies())
        .allSatisfy(proxy -> assertThat(proxy.options()).isEmpty());
  }

  @Test
  void aManagedTopologyGetsAServerAndAProxyPerPodWithReplicasOfTheirShard() {
    LocalTopology topology =
        LocalTopology.of(
            model("redis: {shards: 2, replicasPerShard: 1, config: 'maxmemory 1gb'}"),
            portsFrom(7000));

    assertThat(topology.name()).isEqualTo("shop/cache");
    assertThat(topology.redis())
        .extracting(LocalRedis::name, LocalRedis::port, LocalRedis::replicaOf)
        .containsExactly(
            tuple("cache-shard-0-0", 7000, null),
            tuple("cache-shard-0-1", 7001, 7000),
            tuple("cache-shard-1-0", 7002, null),
            tuple("cache-shard-1-1", 7003, 7002));
    assertThat(
            LocalTopology.of(model("redis: {shards: 1, tls: {secretName: t}}"), portsFrom(8000))
                .redis()
                .get(0)
                .conf())
        .as("no certificates locally")
        .doesNotContain("tls-");
    // The pod's own port, address and directory give way to local ones; the spec's lines stay.
    assertThat(topology.redis().get(0).conf())
        .contains("maxmemory 1gb")
        .doesNotContain("port 6379", "bind 0.0.0.0", "dir /data");
    // Three sentinels watch the shards, as in the cluster; the proxies ask them.
    assertThat(topology.sentinels())
        .extracting(LocalSentinel::name, LocalSentinel::port)
        .containsExactly(
            tuple("cache-sentinel-0", 7004),
            tuple("cache-sentinel-1", 7005),
            tuple("cache-sentinel-2", 7006));
    assertThat(topology.sentinelShards())
        .containsExactly(
            Map.entry("shard-0", List.of("127.0.0.1:7000", "127.0.0.1:7001")),
            Map.entry("shard-1", List.of("127.0.0.1:7002", "127.0.0.1:7003")));
    assertThat(topology.sentinelSettings()).isEqualTo(new SentinelPlan.Settings(2, 5000, 60000));
    assertThat(topology.proxies()).hasSize(4);
    ProxyConfig config = topology.proxies().get(0).config();
    assertThat(config.listen()).isEqualTo(new ProxyConfig.Endpoint("127.0.0.1", 7007));
    assertThat(config.admin()).isEqualTo(new ProxyConfig.Endpoint("127.0.0.1", 7008));
    assertThat(config.upstreams().get(0).shards())
        .containsExactly(
            new ShardConfig("shard-0", null, List.of()),
            new ShardConfig("shard-1", null, List.of()));
    assertThat(config.upstreams().get(0).sentinel().addresses())
        .containsExactly("127.0.0.1:7004", "127.0.0.1:7005", "127.0.0.1:7006");
  }

  @Test
  void externalServersAndRemotesGetStandInsAndKeepTheirPlaceOnTheRing() {
    LocalTopology topology =
        LocalTopology.of(
            model(
                """
                upstreams:
                  - name: eu
                    shards: [{primary: 'eu-a.example:6379', replicas: ['eu-a-ro.example:6379']}]
                remotes: [{name: west, endpoint: 'west.example:6380'}]
                routes: [{upstream: eu, mirrors: [{upstream: west}]}]
                proxy: {replicas: 2}
                """),
            portsFrom(9000));

    assertThat(topology.redis())
        .extracting(LocalRedis::name, LocalRedis::port, LocalRedis::replicaOf)
        .containsExactly(
            tuple("stand-in for eu-a.example:6379", 9000, null),
            tuple("stand-in for eu-a-ro.example:6379", 9001, 9000),
            tuple("stand-in for west.example:6380", 9002, null));
    assertThat(topology.proxies()).hasSize(2);
    ProxyConfig config = topology.proxies().get(1).config();
    assertThat(config.upstream("eu").shards())
        .containsExactly(
            new ShardConfig("eu-a.example:6379", "127.0.0.1:9000", List.of("127.0.0.1:9001")));
    assertThat(config.upstream("west").shards().get(0).primary()).isEqualTo("127.0.0.1:9002");
    assertThat(config.routes())
        .isEqualTo(
            model(
                    """
        upstreams:
          - name: eu
            shards: [{primary: 'eu-a.example:6379', replicas: ['eu-a-ro.example:6379']}]
        remotes: [{name: west, endpoint: 'west.example:6380'}]
        routes: [{upstream: eu, mirrors: [{upstream: west}]}]
        """)
                .proxyConfig()
                .routes());
  }

  @Test
  void anExternalRedisClusterCannotBeStoodIn() {
    assertThatThrownBy(
            () ->
                LocalTopology.of(
                    model("upstreams: [{name: events, cluster: {seeds: ['c1.example:6379']}}]"),
                    portsFrom(9000)))
        .hasMessage(
            "shop/cache: local mode cannot stand in for the Redis Cluster of upstream 'events';"
                + " give it shards to run it locally");
  }

  @Test
  void aRedisClusterRunsClusterEnabledServersForTheOperatorToForm() {
    LocalTopology topology =
        LocalTopology.of(
            model("redis: {mode: Cluster, shards: 3, replicasPerShard: 1}"), portsFrom(7000));

    assertThat(topology.redis())
        .hasSize(6)
        .allSatisfy(
            server -> {
              assertThat(server.replicaOf()).isNull();
              assertThat(server.conf())
                  .contains("cluster-enabled yes")
                  .containsPattern("cluster-port \\d+");
            });
    assertThat(topology.clusterShards())
        .hasSize(3)
        .allSatisfy(shard -> assertThat(shard).hasSize(2));
    assertThat(topology.clusterShards().get(0).get(0))
        .isEqualTo("127.0.0.1:" + topology.redis().get(0).port());
    assertThat(topology.proxies().get(0).config().upstreams().get(0).cluster().seeds())
        .containsExactlyElementsOf(
            topology.clusterShards().stream().flatMap(List::stream).toList());
  }
}
