package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.config.ClusterConfig;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.FailoverConfig;
import io.redisproxy.proxy.config.Hashing;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.MirrorConfig;
import io.redisproxy.proxy.config.MirroringConfig;
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
  void managedShardsWithReplicasAreTheOnesTheSentinelsNameByTheirPlaceOnTheRing() {
    ProxyConfig config =
        Fixtures.model(
                "redis: {shards: 2, replicasPerShard: 2, auth: {passwordSecret: {name: pw}}}")
            .proxyConfig();

    assertThat(config.upstreams()).hasSize(1);
    UpstreamConfig group = config.upstreams().get(0);
    assertThat(group.name()).isEqualTo("cache");
    assertThat(group.shards())
        .containsExactly(
            new ShardConfig("shard-0", null, List.of()),
            new ShardConfig("shard-1", null, List.of()));
    assertThat(group.sentinel().addresses())
        .containsExactly(
            "cache-sentinel-0.cache-redis.shop.svc:26379",
            "cache-sentinel-1.cache-redis.shop.svc:26379",
            "cache-sentinel-2.cache-redis.shop.svc:26379");
    // The sentinels require the servers' password.
    assertThat(group.sentinel().auth()).isEqualTo(group.auth());
    assertThat(group.auth().passwordFile()).isNotNull();
    assertThat(config.routes()).isEmpty();
  }

  @Test
  void managedShardsWithoutReplicasShardOverEveryPrimaryByItsPodDnsName() {
    ProxyConfig config = Fixtures.model("redis: {shards: 2, replicasPerShard: 0}").proxyConfig();

    UpstreamConfig group = config.upstreams().get(0);
    assertThat(group.sentinelled()).isFalse();
    assertThat(group.shards())
        .containsExactly(
            new ShardConfig("shard-0", "cache-shard-0-0.cache-redis.shop.svc:6379", List.of()),
            new ShardConfig("shard-1", "cache-shard-1-0.cache-redis.shop.svc:6379", List.of()));
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
    assertThat(group.sentinel().addresses()).hasSize(3);
    assertThat(group.sentinel().refreshInterval()).isEqualTo(Duration.ofSeconds(2));
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
                  flushDelay: 200us
                  timeouts:
                    connect: 250ms
                    operation: 2s
                    idleClient: 5m
                    shutdownGrace: 10s
                    reconnectMax: 1h
                  limits:
                    maxClients: 100
                    maxRequestBytes: 2048
                    maxPipelineDepth: 16
                    refuseCommands: [flushall, config|set]
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
    assertThat(group.flushDelay()).isEqualTo(Duration.ofNanos(200_000));
    assertThat(config.timeouts())
        .isEqualTo(
            new TimeoutsConfig(
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofHours(1)));
    assertThat(config.limits())
        .isEqualTo(new LimitsConfig(100, 2048, 16, List.of("flushall", "config|set")));
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

  /** The seed scenario: a region's proxy tier in front of cloud Redis, mirroring to the other. */
  private static final String EAST =
      """
      upstreams:
        - name: local
          shards: [{primary: 'east-a.cloud.example:6379'}]
          failover: {standby: west, after: 2s, failbackAfter: 30s}
        - name: events
          cluster: {seeds: ['events-1.cloud.example:6379'], refreshInterval: 10s}
      remotes:
        - name: west
          endpoint: shop.west.example:6379
      routes:
        - prefix: "Session:"
          upstream: local
          caseInsensitive: true
          readUpstream: events
        - prefix: "evt:"
          upstream: events
          removePrefix: true
        - prefix: ""
          upstream: local
          mirrors: [{upstream: west, excludeReadCommands: true, fraction: 0.5}]
      mirroring: {region: east, bufferCommands: 5000, bufferBytes: 1048576}
      """;

  @Test
  void remotesMirrorsFailoverClustersAndRouteOptionsAreRendered() {
    ProxyConfig config = Fixtures.model(EAST).proxyConfig();

    assertThat(config.upstreams())
        .extracting(UpstreamConfig::name)
        .containsExactly("local", "events", "west");
    assertThat(config.upstream("local").failover())
        .isEqualTo(new FailoverConfig("west", Duration.ofSeconds(2), Duration.ofSeconds(30)));
    assertThat(config.upstream("events").cluster())
        .isEqualTo(
            new ClusterConfig(
                List.of("events-1.cloud.example:6379"), Duration.ofSeconds(10), null, null));
    assertThat(config.upstream("west").shards())
        .containsExactly(new ShardConfig("shop.west.example:6379"));
    assertThat(config.routes())
        .containsExactly(
            new RouteConfig("Session:", "local", null, "events", true, null),
            new RouteConfig("evt:", "events", null, null, null, true),
            new RouteConfig("", "local", List.of(new MirrorConfig("west", true, 0.5))));
    assertThat(config.mirroring()).isEqualTo(new MirroringConfig("east", 5000, 1048576L));
    assertThat(ConfigCodec.parse(Fixtures.model(EAST).proxyConfigYaml())).isEqualTo(config);
  }

  @Test
  void aManagedTopologyMirrorsEveryWriteAndFailsOverToARemote() {
    ProxyConfig config =
        Fixtures.model(
                Fixtures.MINIMAL_MANAGED
                    + """
                    remotes: [{name: west, endpoint: 'cache.west.example:6379'}]
                    mirrors: [{upstream: west}]
                    failover: {standby: west}
                    """)
            .proxyConfig();

    UpstreamConfig managed = config.upstreams().get(0);
    assertThat(managed.failover()).isEqualTo(new FailoverConfig("west"));
    assertThat(config.routes())
        .containsExactly(new RouteConfig("", managed.name(), List.of(new MirrorConfig("west"))));
    // The region defaults to the resource's name.
    assertThat(config.mirroring().region()).isEqualTo("cache");
  }

  @Test
  void withoutMirrorsTheMirroringDefaultsStand() {
    assertThat(Fixtures.model(Fixtures.MINIMAL_MANAGED).proxyConfig().mirroring())
        .isEqualTo(MirroringConfig.DEFAULTS);
    assertThat(Fixtures.model(Fixtures.MINIMAL_MANAGED).proxyConfig().routes()).isEmpty();
  }

  @Test
  void aManagedRedisClusterIsOneClusterGroupSeededWithEveryPod() {
    RedisProxyModel model =
        Fixtures.model(
            "redis: {mode: Cluster, shards: 3, replicasPerShard: 1}\nreadPolicy: replica");
    UpstreamConfig group = model.proxyConfig().upstreams().get(0);

    assertThat(model.mode()).isEqualTo("Cluster");
    assertThat(group.clustered()).isTrue();
    assertThat(group.shards()).isEmpty();
    assertThat(group.readPolicy()).isEqualTo(ReadPolicy.REPLICA);
    assertThat(group.cluster().seeds())
        .hasSize(6)
        .contains(
            "cache-shard-0-0.cache-redis.shop.svc:6379",
            "cache-shard-2-1.cache-redis.shop.svc:6379");
    assertThat(model.redisConf()).contains("cluster-enabled yes", "cluster-config-file nodes.conf");
    assertThat(Fixtures.model(Fixtures.MINIMAL_MANAGED).redisConf())
        .doesNotContain("cluster-enabled");
  }
}
