package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.Hashing;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyConfigFactoryTest {

  @Test
  void managedRedisShardsOverEveryPrimaryByItsPodDnsName() {
    ProxyConfig config = Fixtures.model("redis: {shards: 2, replicasPerShard: 2}").proxyConfig();

    assertThat(config.upstreams()).hasSize(1);
    UpstreamConfig group = config.upstreams().get(0);
    assertThat(group.name()).isEqualTo("cache");
    assertThat(group.shards())
        .containsExactly(
            new ShardConfig(
                "shard-0",
                "cache-shard-0-0.cache-redis.shop.svc:6379",
                List.of(
                    "cache-shard-0-1.cache-redis.shop.svc:6379",
                    "cache-shard-0-2.cache-redis.shop.svc:6379")),
            new ShardConfig(
                "shard-1",
                "cache-shard-1-0.cache-redis.shop.svc:6379",
                List.of(
                    "cache-shard-1-1.cache-redis.shop.svc:6379",
                    "cache-shard-1-2.cache-redis.shop.svc:6379")));
    assertThat(config.routes()).isEmpty();
  }

  @Test
  void defaultsAreTheProxysOwn() {
    ProxyConfig config = Fixtures.model(Fixtures.MINIMAL_MANAGED).proxyConfig();

    assertThat(config.listen()).isEqualTo(new ProxyConfig.Endpoint("0.0.0.0", 6380));
    assertThat(config.admin()).isEqualTo(new ProxyConfig.Endpoint("0.0.0.0", 9121));
    assertThat(config.timeouts()).isEqualTo(TimeoutsConfig.DEFAULTS);
    assertThat(config.limits()).isEqualTo(LimitsConfig.DEFAULTS);
    UpstreamConfig group = config.upstreams().get(0);
    assertThat(group.hashing()).isEqualTo(Hashing.MAGLEV);
    assertThat(group.readPolicy()).isEqualTo(ReadPolicy.PRIMARY);
    assertThat(group.shards()).allSatisfy(shard -> assertThat(shard.replicas()).hasSize(1));
  }

  @Test
  void everyProxySettingReachesTheConfig() {
    ProxyConfig config =
        Fixtures.model(
                """
                redis: {shards: 1}
                hashing: {algorithm: ketama, hashTags: false}
                readPolicy: preferReplica
                proxy:
                  port: 7000
                  adminPort: 9000
                  ioThreads: 4
                  connectionsPerNode: 2
                  timeouts:
                    connect: 250ms
                    operation: 2s
                    idleClient: 5m
                    shutdownGrace: 10s
                    reconnectMax: 1h
                  limits: {maxClients: 100, maxRequestBytes: 2048, maxPipelineDepth: 16}
                """)
            .proxyConfig();

    assertThat(config.listen().port()).isEqualTo(7000);
    assertThat(config.admin().port()).isEqualTo(9000);
    assertThat(config.ioThreads()).isEqualTo(4);
    UpstreamConfig group = config.upstreams().get(0);
    assertThat(group.hashing()).isEqualTo(Hashing.KETAMA);
    assertThat(group.hashTags()).isFalse();
    assertThat(group.readPolicy()).isEqualTo(ReadPolicy.PREFER_REPLICA);
    assertThat(group.connectionsPerNode()).isEqualTo(2);
    assertThat(config.timeouts())
        .isEqualTo(
            new TimeoutsConfig(
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofHours(1)));
    assertThat(config.limits()).isEqualTo(new LimitsConfig(100, 2048, 16));
  }

  @Test
  void maglevTableSizeReachesEveryGroup() {
    ProxyConfig config =
        Fixtures.model(Fixtures.MINIMAL_EXTERNAL + "hashing: {maglevTableSize: 1009}")
            .proxyConfig();
    assertThat(config.upstreams()).extracting(UpstreamConfig::maglevTableSize).containsOnly(1009);
  }

  @Test
  void externalGroupsRoutesAndPerGroupReadPolicies() {
    ProxyConfig config =
        Fixtures.model(
                Fixtures.MINIMAL_EXTERNAL.replace(
                        "- name: catalog", "- name: catalog\n    readPolicy: preferReplica")
                    + "readPolicy: primary")
            .proxyConfig();

    assertThat(config.upstreams())
        .extracting(UpstreamConfig::name)
        .containsExactly("sessions", "catalog");
    UpstreamConfig sessions = config.upstream("sessions");
    assertThat(sessions.readPolicy()).isEqualTo(ReadPolicy.PRIMARY);
    assertThat(sessions.shards()).containsExactly(new ShardConfig("sessions-a.cloud.example:6379"));
    UpstreamConfig catalog = config.upstream("catalog");
    assertThat(catalog.readPolicy()).isEqualTo(ReadPolicy.PREFER_REPLICA);
    assertThat(catalog.shards())
        .containsExactly(
            new ShardConfig(
                null, "catalog-a.cloud.example:6379", List.of("catalog-a-ro.cloud.example:6379")),
            new ShardConfig("catalog-b.cloud.example:6379"));
    assertThat(config.routes())
        .containsExactly(new RouteConfig("session:", "sessions"), new RouteConfig("", "catalog"));
  }

  @Test
  void namedExternalShardsKeepTheirNames() {
    ProxyConfig config =
        Fixtures.model("upstreams: [{name: eu, shards: [{name: a, primary: 'r1.example:6379'}]}]")
            .proxyConfig();
    assertThat(config.upstream("eu").shards().get(0).name()).isEqualTo("a");
  }

  @Test
  void theRenderedTextIsWhatTheProxyParses() {
    for (String spec : List.of(Fixtures.MINIMAL_MANAGED, Fixtures.MINIMAL_EXTERNAL)) {
      RedisProxyModel model = Fixtures.model(spec);
      assertThat(ConfigCodec.parse(model.proxyConfigYaml())).isEqualTo(model.proxyConfig());
    }
  }
}
