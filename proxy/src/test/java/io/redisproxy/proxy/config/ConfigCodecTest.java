package io.redisproxy.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {
  private static final String FULL =
      """
      listen: {host: 127.0.0.1, port: 7380}
      admin: {host: 127.0.0.2, port: 9200}
      ioThreads: 4
      upstreams:
        - name: main
          hashing: ketama
          maglevTableSize: 65537
          hashTags: false
          readPolicy: preferReplica
          connectionsPerNode: 2
          flushDelay: 200us
          auth: {username: proxy, password: upstream-secret}
          shards:
            - name: s1
              primary: 10.0.0.1:6379
              replicas: [10.0.0.2:6379, "[fd00::3]:6379"]
            - name: s2
              primary: redis-2.example.org:6379
        - name: sessions
          shards:
            - primary: 10.0.1.1:6379
      routes:
        - {prefix: "session:", upstream: sessions}
        - {prefix: "", upstream: main}
      timeouts:
        connect: 250ms
        operation: 2s
        idleClient: 5m
        shutdownGrace: 1h
        reconnectMax: 3s
      limits:
        maxClients: 500
        maxRequestBytes: 4096
        maxPipelineDepth: 64
        refuseCommands: [flushall, config|set]
      auth:
        passwords: [client-secret]
        users:
          - {name: app, password: app-secret}
      """;

  private static final String MINIMAL =
      """
      upstreams:
        - name: main
          shards:
            - primary: 127.0.0.1:7001
      """;

  @Test
  void fullExampleParsesWithEveryField() {
    ProxyConfig config = ConfigCodec.parse(FULL);

    assertThat(config.listen()).isEqualTo(new ProxyConfig.Endpoint("127.0.0.1", 7380));
    assertThat(config.admin()).isEqualTo(new ProxyConfig.Endpoint("127.0.0.2", 9200));
    assertThat(config.ioThreads()).isEqualTo(4);
    assertThat(config.effectiveIoThreads()).isEqualTo(4);
    UpstreamConfig main = config.upstream("main");
    assertThat(main.hashing()).isEqualTo(Hashing.KETAMA);
    assertThat(main.maglevTableSize()).isEqualTo(65537);
    assertThat(main.hashTags()).isFalse();
    assertThat(main.readPolicy()).isEqualTo(ReadPolicy.PREFER_REPLICA);
    assertThat(main.connectionsPerNode()).isEqualTo(2);
    assertThat(main.flushDelay()).isEqualTo(Duration.ofNanos(200_000));
    assertThat(config.upstream("sessions").flushDelay()).isZero();
    assertThat(main.auth()).isEqualTo(new UpstreamConfig.UpstreamAuth("proxy", "upstream-secret"));
    assertThat(main.shards())
        .containsExactly(
            new ShardConfig("s1", "10.0.0.1:6379", List.of("10.0.0.2:6379", "[fd00::3]:6379")),
            new ShardConfig("s2", "redis-2.example.org:6379", List.of()));
    assertThat(config.upstream("sessions").shards())
        .containsExactly(new ShardConfig("10.0.1.1:6379"));
    assertThat(config.routes())
        .containsExactly(new RouteConfig("session:", "sessions"), new RouteConfig("", "main"));
    assertThat(config.timeouts())
        .isEqualTo(
            new TimeoutsConfig(
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                Duration.ofSeconds(3)));
    assertThat(config.limits())
        .isEqualTo(new LimitsConfig(500, 4096, 64, List.of("flushall", "config|set")));
    assertThat(config.auth().passwords()).containsExactly("client-secret");
    assertThat(config.auth().users()).containsExactly(new AuthConfig.User("app", "app-secret"));
    assertThat(config.auth().required()).isTrue();
  }

  @Test
  void aMinimalFileGetsTheDocumentedDefaults() {
    ProxyConfig config = ConfigCodec.parse(MINIMAL);

    assertThat(config.listen()).isEqualTo(new ProxyConfig.Endpoint("0.0.0.0", 6380));
    assertThat(config.admin()).isEqualTo(new ProxyConfig.Endpoint("0.0.0.0", 9121));
    assertThat(config.ioThreads()).isZero();
    assertThat(config.effectiveIoThreads())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    UpstreamConfig main = config.upstreams().get(0);
    assertThat(main.hashing()).isEqualTo(Hashing.MAGLEV);
    assertThat(main.maglevTableSize()).isEqualTo(65537);
    assertThat(main.hashTags()).isTrue();
    assertThat(main.readPolicy()).isEqualTo(ReadPolicy.PRIMARY);
    assertThat(main.connectionsPerNode()).isEqualTo(1);
    assertThat(main.flushDelay()).isZero();
    assertThat(main.auth().enabled()).isFalse();
    assertThat(main.shards().get(0).name()).isEqualTo("127.0.0.1:7001");
    assertThat(main.shards().get(0).replicas()).isEmpty();
    assertThat(config.routes()).isEmpty();
    TimeoutsConfig timeouts = config.timeouts();
    assertThat(timeouts.connect()).isEqualTo(Duration.ofSeconds(1));
    assertThat(timeouts.operation()).isEqualTo(Duration.ofSeconds(1));
    assertThat(timeouts.idleClient()).isZero();
    assertThat(timeouts.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(timeouts.reconnectMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.limits()).isEqualTo(new LimitsConfig(10_000, 64 * 1024 * 1024, 1024));
    assertThat(config.auth().required()).isFalse();
  }

  @Test
  void unknownFieldIsNamedWhereItStands() {
    assertProblems(
        MINIMAL + "        weight: 3\n", "upstreams[0].shards[0]: unknown field 'weight'");
    assertProblems(
        "listen: {host: 127.0.0.1, prot: 1}\n" + MINIMAL, "listen: unknown field 'prot'");
  }

  @Test
  void badAddressNamesTheShardField() {
    assertProblems(
        """
        upstreams:
          - name: main
            shards:
              - primary: 127.0.0.1:7001
              - primary: x
                replicas: [127.0.0.1:70000]
        """,
        "upstreams[0].shards[1].primary: 'x' is not host:port",
        "upstreams[0].shards[1].replicas[0]: '127.0.0.1:70000': port must be 1-65535");
  }

  @Test
  void duplicateUpstreamNameIsRefused() {
    assertProblems(
        """
        upstreams:
          - name: main
            shards: [{primary: 127.0.0.1:7001}]
          - name: main
            shards: [{primary: 127.0.0.1:7002}]
        routes:
          - {prefix: "", upstream: main}
        """,
        "upstreams[1].name: 'main' is used by another upstream group");
  }

  @Test
  void maglevTableSizeMustBeAPrime() {
    assertProblems(
        """
        upstreams:
          - name: main
            maglevTableSize: 65536
            shards: [{primary: 127.0.0.1:7001}]
        """,
        "upstreams[0].maglevTableSize: must be a prime up to 5000011");
  }

  @Test
  void twoUpstreamsNeedACatchAllRoute() {
    assertProblems(
        """
        upstreams:
          - name: main
            shards: [{primary: 127.0.0.1:7001}]
          - name: sessions
            shards: [{primary: 127.0.0.1:7002}]
        routes:
          - {prefix: "session:", upstream: sessions}
        """,
        "routes: with more than one upstream group a catch-all route (prefix \"\") must say where"
            + " other keys go");
  }

  @Test
  void routeToAnUnknownUpstreamIsRefused() {
    assertProblems(
        MINIMAL + "routes:\n  - {prefix: \"a:\", upstream: nope, readUpstream: gone}\n",
        "routes[0].upstream: no upstream group is named 'nope'",
        "routes[0].readUpstream: no upstream group is named 'gone'");
  }

  @Test
  void replicaReadPolicyNeedsReplicas() {
    assertProblems(
        """
        upstreams:
          - name: main
            readPolicy: replica
            shards:
              - primary: 127.0.0.1:7001
                replicas: [127.0.0.1:7011]
              - primary: 127.0.0.1:7002
        """,
        "upstreams[0].shards[1].replicas: readPolicy replica needs at least one replica per shard");
  }

  @Test
  void durationTextThatIsNoDurationIsNamed() {
    assertProblems(
        MINIMAL + "timeouts:\n  operation: 5 parsecs\n",
        "timeouts.operation: '5 parsecs' is not a duration such as 200us, 250ms, 2s, 5m or 1h (line 6)");
  }

  @Test
  void unknownEnumValueListsTheAcceptedOnes() {
    assertProblems(
        MINIMAL + "    readPolicy: nearest\n",
        "upstreams[0].readPolicy: 'nearest' is not one of: primary, preferPrimary, replica,"
            + " preferReplica, any (line 5)");
  }

  @Test
  void negativeDurationsAreRefused() {
    assertProblems(
        MINIMAL + "timeouts:\n  idleClient: -5s\n",
        "timeouts.idleClient: '-5s' is not a duration such as 200us, 250ms, 2s, 5m or 1h (line 6)");
    // The operator builds configs in Java, where a negative duration can be written.
    ProxyConfig minimal = ConfigCodec.parse(MINIMAL);
    ProxyConfig negative =
        new ProxyConfig(
            minimal.listen(),
            minimal.admin(),
            minimal.ioThreads(),
            minimal.upstreams(),
            minimal.routes(),
            new TimeoutsConfig(null, null, Duration.ofSeconds(-5), null, null),
            minimal.limits(),
            minimal.auth());
    assertThat(ConfigValidator.problems(negative))
        .containsExactly("timeouts.idleClient: must not be negative (0s keeps idle clients)");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertProblems(
        """
        ioThreads: 300
        upstreams:
          - name: main
            connectionsPerNode: 0
            flushDelay: 11ms
            shards:
              - {name: a, primary: 127.0.0.1:7001}
              - {name: b, primary: 127.0.0.1:7001}
        limits: {maxClients: 0, refuseCommands: [flushall, nosuchcommand, config|nope]}
        """,
        "ioThreads: must be 0 (one per core) to 256",
        "upstreams[0].connectionsPerNode: must be 1-16",
        "upstreams[0].flushDelay: must be between 0 (off) and 10ms; a few hundred microseconds is"
            + " what it is for",
        "upstreams[0].shards[1].primary: '127.0.0.1:7001' is listed twice in this upstream group",
        "limits.maxClients: must be at least 1",
        "limits.refuseCommands[1]: 'nosuchcommand' is no command of Redis 7: name a command"
            + " (flushall) or a subcommand (config|set)",
        "limits.refuseCommands[2]: 'config|nope' is no command of Redis 7: name a command"
            + " (flushall) or a subcommand (config|set)");
  }

  @Test
  void writtenConfigParsesBackEqual() {
    ProxyConfig full = ConfigCodec.parse(FULL);
    assertThat(ConfigCodec.parse(ConfigCodec.write(full))).isEqualTo(full);
    ProxyConfig minimal = ConfigCodec.parse(MINIMAL);
    assertThat(ConfigCodec.parse(ConfigCodec.write(minimal))).isEqualTo(minimal);
    assertThat(ConfigCodec.write(ConfigCodec.parse(ConfigCodec.write(full))))
        .isEqualTo(ConfigCodec.write(full));
  }

  @Test
  void hashIsStableForEqualConfigsAndDiffersOtherwise() {
    String spelledDifferently =
        """
        upstreams:
          - shards:
              - {primary: "127.0.0.1:7001"}
            name: main
            hashing: maglev
        timeouts: {operation: 1000ms}
        """;
    ProxyConfig minimal = ConfigCodec.parse(MINIMAL);
    assertThat(ConfigCodec.hash(minimal)).isEqualTo(ConfigCodec.hash(ConfigCodec.parse(MINIMAL)));
    assertThat(ConfigCodec.hash(ConfigCodec.parse(spelledDifferently)))
        .isEqualTo(ConfigCodec.hash(minimal));
    assertThat(ConfigCodec.hash(minimal)).matches("[0-9a-f]{16}");

    ProxyConfig otherPort = ConfigCodec.parse(MINIMAL.replace("7001", "7002"));
    ProxyConfig otherTimeout = ConfigCodec.parse(MINIMAL + "timeouts: {operation: 2s}\n");
    assertThat(List.of(ConfigCodec.hash(otherPort), ConfigCodec.hash(otherTimeout)))
        .doesNotContain(ConfigCodec.hash(minimal))
        .doesNotHaveDuplicates();
  }

  private static final String TWO_REGIONS =
      """
      upstreams:
        - name: main
          shards: [{primary: 127.0.0.1:7001}, {primary: 127.0.0.1:7002}]
        - name: west
          shards: [{primary: west-proxy.example:6380}]
      mirroring: {region: east}
      routes:
      """;

  @Test
  void mirrorsParseWithTheirDefaults() {
    ProxyConfig config =
        ConfigCodec.parse(
            TWO_REGIONS + "  - {prefix: \"\", upstream: main, mirrors: [{upstream: west}]}\n");
    assertThat(config.routes().get(0).mirrors())
        .containsExactly(new MirrorConfig("west", true, 1.0));
    assertThat(config.mirroring())
        .isEqualTo(new MirroringConfig("east", 1_000_000, 256L * 1024 * 1024));
    assertThat(ConfigCodec.parse(ConfigCodec.write(config))).isEqualTo(config);
  }

  @Test
  void mirrorsNamingNoUsableTargetAreRefused() {
    assertProblems(
        TWO_REGIONS.replace("region: east", "region: 'east coast'")
            + "  - prefix: \"\"\n"
            + "    upstream: main\n"
            + "    mirrors: [{upstream: nope}, {upstream: main}, {upstream: west, fraction: 2}]\n"
            + "  - prefix: \"a:\"\n"
            + "    upstream: west\n"
            + "    mirrors: [{upstream: main}]\n",
        "routes[0].mirrors[0].upstream: no upstream group is named 'nope'",
        "routes[0].mirrors[1].upstream: a route cannot mirror to its own upstream group",
        "routes[0].mirrors[2].fraction: must be 0 to 1",
        "routes[1].mirrors[0].upstream: 'main' must have exactly one shard: the other region's"
            + " proxy endpoint, or one Redis server",
        "mirroring.region: 'east coast' may hold only letters, digits, '-', '_', '.' and ':'");
  }

  @Test
  void removePrefixParsesAndIsRefusedWhereAnotherRegionWouldGetStrippedKeys() {
    ProxyConfig config =
        ConfigCodec.parse(
            TWO_REGIONS
                + "  - {prefix: \"\", upstream: main}\n"
                + "  - {prefix: \"c:\", upstream: west, removePrefix: true}\n");
    assertThat(config.routes().get(1).removePrefix()).isTrue();
    assertThat(config.routes().get(0).removePrefix()).isFalse();
    assertThat(ConfigCodec.write(config)).containsOnlyOnce("removePrefix: true");
    assertThat(ConfigCodec.parse(ConfigCodec.write(config))).isEqualTo(config);
    assertProblems(
        TWO_REGIONS.replace("  - name: west\n", "    failover: {standby: west}\n  - name: west\n")
            + "  - {prefix: \"\", upstream: main, removePrefix: true}\n"
            + "  - {prefix: \"a:\", upstream: west, removePrefix: true, mirrors: [{upstream: main}]}\n"
            + "  - {prefix: \"b:\", upstream: main, removePrefix: true}\n",
        "routes[0].removePrefix: the catch-all route has no prefix to remove",
        "routes[0].removePrefix: cannot be combined with a failover standby on upstream 'main': the"
            + " standby would get the keys without their prefix",
        "routes[1].mirrors[0].upstream: 'main' must have exactly one shard: the other region's"
            + " proxy endpoint, or one Redis server",
        "routes[1].removePrefix: cannot be combined with mirrors: the mirror would get the keys"
            + " without their prefix",
        "routes[2].removePrefix: cannot be combined with a failover standby on upstream 'main': the"
            + " standby would get the keys without their prefix");
  }

  @Test
  void tlsParsesOnBothSidesAndTheClientPortNeedsCertificateAndKey() {
    ProxyConfig config =
        ConfigCodec.parse(
            """
            upstreams:
              - name: main
                tls: {caFile: /ca.crt, serverName: redis.example}
                shards: [{primary: 127.0.0.1:7001}]
            tls: {certFile: /tls.crt, keyFile: /tls.key}
            """);
    assertThat(config.upstreams().get(0).tls())
        .isEqualTo(new UpstreamTls("/ca.crt", "redis.example", true));
    assertThat(config.tls()).isEqualTo(new ListenerTls("/tls.crt", "/tls.key"));
    assertThat(ConfigCodec.parse(ConfigCodec.write(config))).isEqualTo(config);
    assertProblems(
        MINIMAL + "tls: {certFile: /tls.crt}\n",
        "tls.keyFile: required: the PEM private key of tls.certFile");
  }

  @Test
  void failoverParsesWithItsDefaultsAndNamesAStandbyThatExists() {
    ProxyConfig config =
        ConfigCodec.parse(
            """
            upstreams:
              - name: main
                shards: [{primary: 127.0.0.1:7001}]
                failover: {standby: west}
              - name: west
                shards: [{primary: west-proxy.example:6380}]
            routes: [{prefix: "", upstream: main}]
            """);
    assertThat(config.upstreams().get(0).failover())
        .isEqualTo(new FailoverConfig("west", Duration.ofSeconds(3), Duration.ofSeconds(10)));
    assertProblems(
        """
        upstreams:
          - name: main
            shards: [{primary: 127.0.0.1:7001}]
            failover: {standby: nope, after: 0s}
          - name: west
            shards: [{primary: 127.0.0.1:7002}]
            failover: {standby: west}
          - name: east
            shards: [{primary: 127.0.0.1:7003}]
            failover: {standby: west}
        routes: [{prefix: "", upstream: main}]
        """,
        "upstreams[0].failover.after: must be more than 0",
        "upstreams[0].failover.standby: no upstream group is named 'nope'",
        "upstreams[1].failover.standby: a group cannot stand by for itself",
        "upstreams[2].failover.standby: 'west' has a failover of its own; a standby must not fail"
            + " over again");
  }

  @Test
  void sentinelGroupsNameTheirShardsOnlyAndTheirSentinels() {
    ProxyConfig config =
        ConfigCodec.parse(
            """
            upstreams:
              - name: main
                sentinel:
                  addresses: [s-0.example:26379, s-1.example:26379]
                  auth: {password: sentinel-secret}
                shards: [{name: cache-0}, {name: cache-1}]
            """);
    UpstreamConfig main = config.upstreams().get(0);
    assertThat(main.sentinelled()).isTrue();
    assertThat(main.sentinel().refreshInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(main.sentinel().auth().password()).isEqualTo("sentinel-secret");
    assertThat(main.shards()).extracting(ShardConfig::name).containsExactly("cache-0", "cache-1");
    assertThat(ConfigCodec.parse(ConfigCodec.write(config))).isEqualTo(config);
    assertProblems(
        """
        upstreams:
          - name: main
            sentinel: {addresses: [], refreshInterval: 0s}
            shards: [{name: a, primary: 127.0.0.1:7001}, {}, {name: a}]
          - name: other
            sentinel: {addresses: [127.0.0.1:26379, "127.0.0.1:26379"]}
            cluster: {seeds: [127.0.0.1:7005]}
        routes: [{prefix: "", upstream: main}]
        """,
        "upstreams[0].shards[0]: give only the name with sentinel: the sentinels say which server"
            + " is the primary",
        "upstreams[0].shards[1].name: required: the name the sentinels monitor this shard by",
        "upstreams[0].shards[2].name: 'a' is used by another shard",
        "upstreams[0].sentinel.addresses: at least one sentinel is required",
        "upstreams[0].sentinel.refreshInterval: must be more than 0",
        "upstreams[1].sentinel: a cluster upstream fails over by itself: give cluster or sentinel");
  }

  @Test
  void reshardingParsesWithItsPhaseAndNamesWhatCannotMove() {
    ProxyConfig config =
        ConfigCodec.parse(
            """
            upstreams:
              - name: main
                shards: [{primary: 127.0.0.1:7001}, {primary: 127.0.0.1:7002}]
                resharding:
                  id: grow-1
                  previousShards: [{primary: 127.0.0.1:7001}, {primary: 127.0.0.1:7003}]
            """);
    UpstreamConfig main = config.upstreams().get(0);
    assertThat(main.resharding().phase()).isEqualTo(Resharding.Phase.HOLD);
    assertThat(main.allShards())
        .extracting(ShardConfig::primary)
        .containsExactly("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003");
    assertThat(ConfigCodec.parse(ConfigCodec.write(config))).isEqualTo(config);
    assertProblems(
        """
        upstreams:
          - name: main
            shards: [{name: a, primary: 127.0.0.1:7001}, {name: b, primary: 127.0.0.1:7002}]
            resharding:
              phase: move
              previousShards: [{name: a, primary: 127.0.0.1:7003}, {name: c, primary: 127.0.0.1:7002}]
          - name: other
            shards: [{primary: 127.0.0.1:7004}]
            resharding: {id: x, phase: copy}
        routes: [{prefix: "", upstream: main}]
        """,
        "upstreams[1].resharding.phase: 'copy' is not one of: hold, move (line 9)");
    assertProblems(
        """
        upstreams:
          - name: main
            shards: [{name: a, primary: 127.0.0.1:7001}, {name: b, primary: 127.0.0.1:7002}]
            resharding:
              phase: move
              previousShards: [{name: a, primary: 127.0.0.1:7003}, {name: c, primary: 127.0.0.1:7002}]
          - name: other
            shards: [{primary: 127.0.0.1:7004}]
            resharding: {id: x}
          - name: cluster
            cluster: {seeds: [127.0.0.1:7005]}
            resharding: {id: y, previousShards: [{primary: 127.0.0.1:7006}]}
        routes: [{prefix: "", upstream: main}]
        """,
        "upstreams[0].resharding.id: required: names this move in the proxies' reports",
        "upstreams[0].resharding.previousShards[0].primary: shard 'a' has another primary in"
            + " shards: a shard keeps its server",
        "upstreams[0].resharding.previousShards[1].primary: '127.0.0.1:7002' is shard 'b' in"
            + " shards: one server, one shard",
        "upstreams[1].resharding.previousShards: at least one shard is required: where the keys"
            + " were",
        "upstreams[2].resharding: a Redis Cluster moves its own slots: give no resharding");
  }

  private static void assertProblems(String yaml, String... expected) {
    assertThatThrownBy(() -> ConfigCodec.parse(yaml))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.problems()).containsExactly(expected));
  }
}
