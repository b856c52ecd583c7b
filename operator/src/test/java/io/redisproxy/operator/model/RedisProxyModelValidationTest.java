package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedisProxyModelValidationTest {

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        invalid(
            "both topologies",
            Fixtures.MINIMAL_MANAGED + Fixtures.MINIMAL_EXTERNAL,
            "spec: set exactly one of spec.redis (Redis run by the operator) or spec.upstreams"),
        invalid("no topology", "readPolicy: any", "spec: set exactly one of spec.redis"),
        invalid(
            "Redis Cluster of two shards",
            "redis: {mode: Cluster, shards: 2}",
            "spec.redis.shards: a Redis Cluster needs at least 3 shards"),
        invalid(
            "hashing for a Redis Cluster",
            "redis: {mode: Cluster, shards: 3}\nhashing: {algorithm: ketama}",
            "spec.hashing: a Redis Cluster places keys by hash slot"),
        invalid("no shards", "redis: {replicasPerShard: 1}", "spec.redis.shards: required"),
        invalid("zero shards", "redis: {shards: 0}", "spec.redis.shards: must be 1-128"),
        invalid("too many shards", "redis: {shards: 129}", "spec.redis.shards: must be 1-128"),
        invalid(
            "too many replicas",
            "redis: {shards: 1, replicasPerShard: 6}",
            "spec.redis.replicasPerShard: must be 0-5"),
        invalid(
            "replica reads without replicas",
            "redis: {shards: 2, replicasPerShard: 0}\nreadPolicy: replica",
            "spec.readPolicy: replica sends every read to a replica, so"
                + " spec.redis.replicasPerShard must be at least 1"),
        invalid(
            "blank image",
            "redis: {shards: 1, image: ' '}",
            "spec.redis.image: ' ' is not an image reference"),
        invalid(
            "redis.conf line the operator owns",
            "redis:\n  shards: 1\n  config: |\n    maxmemory 1gb\n    port 7000\n",
            "spec.redis.config: line 2 sets 'port', which the operator manages; remove that line"),
        invalid(
            "replicaof in redis.conf",
            "redis:\n  shards: 1\n  config: \"REPLICAOF other 6379\"\n",
            "spec.redis.config: line 1 sets 'replicaof'"),
        invalid(
            "storage without size",
            "redis: {shards: 1, storage: {storageClassName: fast}}",
            "spec.redis.storage.size: required, such as 10Gi"),
        invalid(
            "storage of zero bytes",
            "redis: {shards: 1, storage: {size: 0Gi}}",
            "spec.redis.storage.size: must be more than 0"),
        invalid(
            "resource quantity with a space",
            "redis: {shards: 1, resources: {limits: {memory: 1 GB}}}",
            "spec.redis.resources.limits.memory: '1 GB' is not a quantity"),
        invalid(
            "routes with managed Redis",
            "redis: {shards: 1}\nroutes: [{prefix: 'a:', upstream: cache}]",
            "spec.routes: routes choose among external upstream groups"),
        invalid(
            "proxy replicas with managed Redis",
            "redis: {shards: 1}\nproxy: {replicas: 3}",
            "spec.proxy.replicas: sizes the proxy-only tier"),
        invalid(
            "proxy port taken by Redis",
            "redis: {shards: 1}\nproxy: {port: 6379}",
            "spec.proxy.port: 6379 is Redis' port in the same pod"),
        invalid(
            "admin port equal to the proxy port",
            "redis: {shards: 1}\nproxy: {port: 7000, adminPort: 7000}",
            "spec.proxy.adminPort: must differ from spec.proxy.port (7000)"),
        invalid(
            "port out of range",
            "redis: {shards: 1}\nproxy: {port: 70000}",
            "spec.proxy.port: must be 1-65535"),
        invalid(
            "unreadable timeout",
            "redis: {shards: 1}\nproxy: {timeouts: {connect: 5 sec}}",
            "spec.proxy.timeouts.connect: '5 sec' is not a duration such as 200us, 250ms, 2s, 5m or 1h"),
        invalid(
            "refused command Redis does not have",
            "redis: {shards: 1}\nproxy: {limits: {refuseCommands: [flushall, flushsome]}}",
            "spec.proxy.limits.refuseCommands[1]: 'flushsome' is no command of Redis 7"),
        invalid(
            "zero operation timeout",
            "redis: {shards: 1}\nproxy: {timeouts: {operation: 0s}}",
            "spec.proxy.timeouts.operation: must be more than 0"),
        invalid(
            "tiny request limit",
            "redis: {shards: 1}\nproxy: {limits: {maxRequestBytes: 10}}",
            "spec.proxy.limits.maxRequestBytes: must be at least 1024"),
        invalid(
            "too many io threads",
            "redis: {shards: 1}\nproxy: {ioThreads: 1000}",
            "spec.proxy.ioThreads: must be 0 (one per core) to 256"),
        invalid(
            "a transport the proxy does not have",
            "redis: {shards: 1}\nproxy: {transport: kqueue}",
            "spec.proxy.transport: 'kqueue' is not one of: auto, io_uring, epoll, nio"),
        invalid(
            "too many connections per node",
            "redis: {shards: 1}\nproxy: {connectionsPerNode: 17}",
            "spec.proxy.connectionsPerNode: must be 1-16"),
        invalid(
            "a flush delay past 10ms",
            "redis: {shards: 1}\nproxy: {flushDelay: 20ms}",
            "spec.proxy.flushDelay: must be between 0 (off) and 10ms; a few hundred microseconds is"
                + " what it is for"),
        invalid(
            "Maglev table that is not prime",
            "redis: {shards: 1}\nhashing: {maglevTableSize: 1000}",
            "spec.hashing.maglevTableSize: must be a prime"),
        invalid(
            "zone listed twice",
            "redis: {shards: 1}\nplacement: {zones: [a, a]}",
            "spec.placement.zones[1]: 'a' is listed twice"),
        invalid("empty upstreams", "upstreams: []", "spec.upstreams: at least one upstream group"),
        invalid(
            "upstream without shards",
            "upstreams: [{name: eu}]",
            "spec.upstreams[0].shards: at least one shard is required"),
        invalid(
            "primary that is not host:port",
            "upstreams: [{name: eu, shards: [{primary: redis.example}]}]",
            "spec.upstreams[0].shards[0].primary: 'redis.example' is not host:port"),
        invalid(
            "same address twice",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}, {primary: 'b:1', replicas:"
                + " ['a:1']}]}]",
            "spec.upstreams[0].shards[1].replicas[0]: 'a:1' is listed twice in this upstream"
                + " group"),
        invalid(
            "group name used twice",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}, {name: eu, shards: [{primary:"
                + " 'b:1'}]}]\nroutes: [{upstream: eu}]",
            "spec.upstreams[1].name: 'eu' is used by another upstream group"),
        invalid(
            "route to an unknown group",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}]\nroutes: [{upstream: us}]",
            "spec.routes[0].upstream: no upstream group is named 'us'"),
        invalid(
            "two groups without a catch-all route",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}, {name: us, shards: [{primary:"
                + " 'b:1'}]}]\nroutes: [{prefix: 'x:', upstream: us}]",
            "spec.routes: with more than one upstream group a catch-all route"),
        invalid(
            "replica reads on an external shard without replicas",
            "upstreams: [{name: eu, readPolicy: replica, shards: [{primary: 'a:1'}]}]",
            "spec.upstreams[0].shards[0].replicas: readPolicy replica needs at least one replica"),
        invalid(
            "mirror to an unknown target",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}]\n"
                + "routes: [{upstream: eu, mirrors: [{upstream: us}]}]",
            "spec.routes[0].mirrors[0].upstream: no upstream group is named 'us'"),
        invalid(
            "mirror fraction above one",
            "redis: {shards: 1}\nremotes: [{name: west, endpoint: 'w:1'}]\n"
                + "mirrors: [{upstream: west, fraction: 1.5}]",
            "spec.mirrors[0].fraction: must be 0 to 1"),
        invalid(
            "managed standby that is no remote",
            "redis: {shards: 1}\nfailover: {standby: west}",
            "spec.failover.standby: no upstream group is named 'west'"),
        invalid(
            "managed failover without a standby",
            "redis: {shards: 1}\nfailover: {after: 2s}",
            "spec.failover.standby: required"),
        invalid(
            "remote endpoint that is not host:port",
            "redis: {shards: 1}\nremotes: [{name: west, endpoint: west.example}]",
            "spec.remotes[0].endpoint: 'west.example' is not host:port"),
        invalid(
            "remote named like a group",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}]\n"
                + "remotes: [{name: eu, endpoint: 'w:1'}]",
            "spec.remotes[0].name: 'eu' is already the name of a group or remote"),
        invalid(
            "top-level mirrors with external upstreams",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}]\nmirrors: [{upstream: eu}]",
            "spec.mirrors: copies the writes of spec.redis"),
        invalid(
            "group with shards and a cluster",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}], cluster: {seeds: ['b:1']}}]",
            "spec.upstreams[0]: set exactly one of shards (hash-sharded servers) or cluster"),
        invalid(
            "cluster without seeds",
            "upstreams: [{name: eu, cluster: {seeds: []}}]",
            "spec.upstreams[0].cluster.seeds: at least one seed node is required"),
        invalid(
            "prefix removal on a mirrored route",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}]\n"
                + "remotes: [{name: west, endpoint: 'w:1'}]\n"
                + "routes: [{upstream: eu}, {prefix: 'x:', upstream: eu, removePrefix: true,"
                + " mirrors: [{upstream: west}]}]",
            "spec.routes[1].removePrefix: cannot be combined with mirrors"),
        invalid(
            "unreadable mirroring region",
            "redis: {shards: 1}\nmirroring: {region: 'east coast'}",
            "spec.mirroring.region: 'east coast' may hold only letters"),
        invalid(
            "client auth without a Secret",
            "redis: {shards: 1}\nauth: {}",
            "spec.auth.passwordSecret: required"),
        invalid(
            "Secret name that is none",
            "redis: {shards: 1, auth: {passwordSecret: {name: My_Secret}}}",
            "spec.redis.auth.passwordSecret.name: 'My_Secret' is not a Secret name"),
        invalid(
            "Secret key with a slash",
            "upstreams: [{name: eu, auth: {passwordSecret: {name: s, key: 'a/b'}}, shards:"
                + " [{primary: 'a:1'}]}]",
            "spec.upstreams[0].auth.passwordSecret.key: 'a/b' is not a Secret key"),
        invalid(
            "client TLS without a Secret",
            "redis: {shards: 1}\ntls: {}",
            "spec.tls.secretName: required"),
        invalid(
            "a NetworkPolicy in front of external upstreams",
            "upstreams: [{name: eu, shards: [{primary: 'a:1'}]}]\nnetworkPolicy: {enabled: true}",
            "spec.networkPolicy: guards the Redis pods the operator runs"),
        invalid(
            "a client namespace that is none",
            "redis: {shards: 1}\nnetworkPolicy: {clientNamespaces: [Shop]}",
            "spec.networkPolicy.clientNamespaces[0]: 'Shop' is not a namespace name"),
        invalid(
            "sentinels for a Redis Cluster",
            "redis: {mode: Cluster, shards: 3, sentinel: {replicas: 3}}",
            "spec.redis.sentinel: a Redis Cluster fails over by itself"),
        invalid(
            "sentinels without replicas",
            "redis: {shards: 3, replicasPerShard: 0, sentinel: {}}",
            "spec.redis.sentinel: sentinels fail a primary over to a replica"),
        invalid(
            "two sentinels",
            "redis: {shards: 3, sentinel: {replicas: 2}}",
            "spec.redis.sentinel.replicas: must be 3-9"),
        invalid(
            "a quorum above the sentinels",
            "redis: {shards: 3, sentinel: {replicas: 3, quorum: 4}}",
            "spec.redis.sentinel.quorum: must be 1-3"),
        invalid(
            "a down-after that is no duration",
            "redis: {shards: 3, sentinel: {downAfter: soon}}",
            "spec.redis.sentinel.downAfter: "),
        invalid(
            "slot moves in mode Sharded",
            "redis: {shards: 3, scaling: {keysPerBatch: 10}}",
            "spec.redis.scaling: applies to mode Cluster only"),
        invalid(
            "no keys per batch",
            "redis: {mode: Cluster, shards: 3, scaling: {keysPerBatch: 0}}",
            "spec.redis.scaling.keysPerBatch: must be 1-10000"),
        invalid(
            "a pause between batches that is no duration",
            "redis: {mode: Cluster, shards: 3, scaling: {pauseBetweenBatches: briefly}}",
            "spec.redis.scaling.pauseBetweenBatches: "),
        invalid(
            "upstream CA Secret without a name",
            "upstreams: [{name: eu, tls: {caSecret: {key: ca.pem}}, shards: [{primary: 'a:1'}]}]",
            "spec.upstreams[0].tls.caSecret.name: required"));
  }

  private static Arguments invalid(String what, String spec, String problem) {
    return Arguments.of(what, spec, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsWithAMessageNamingTheField(String what, String spec, String problem) {
    InvalidSpecException error =
        catchThrowableOfType(InvalidSpecException.class, () -> Fixtures.model(spec));
    assertThat(error).as("%s is rejected", what).isNotNull();
    assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith(problem));
  }

  @Test
  void namesThatCannotNameServicesAreRejected() {
    assertThatThrownBy(() -> model("Cache.prod", Fixtures.MINIMAL_MANAGED))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("metadata.name: 'Cache.prod' must start with a lowercase letter");
    assertThatThrownBy(() -> model("1cache", Fixtures.MINIMAL_MANAGED))
        .hasMessageContaining("metadata.name: '1cache' must start with a lowercase letter");
  }

  @Test
  void namesTooLongForDerivedNamesAreRejected() {
    String name = "c".repeat(SpecValidator.MAX_NAME_LENGTH + 1);
    assertThatThrownBy(() -> model(name, Fixtures.MINIMAL_MANAGED))
        .hasMessageContaining("metadata.name: '" + name + "' is too long: at most 40 characters");
    String longest = "c".repeat(SpecValidator.MAX_NAME_LENGTH);
    RedisProxyModel model = model(longest, "redis: {shards: 128}");
    assertThat(model.names().shardStatefulSet(127))
        .hasSizeLessThanOrEqualTo(ResourceNames.MAX_STATEFUL_SET_NAME);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InvalidSpecException error =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> Fixtures.model("redis: {shards: 0, replicasPerShard: 9}\nproxy: {port: 0}"));
    assertThat(error.problems())
        .containsExactly(
            "spec.redis.shards: must be 1-128",
            "spec.redis.replicasPerShard: must be 0-5",
            "spec.proxy.port: must be 1-65535");
  }

  @Test
  void aMissingSpecSaysWhatToSet() {
    RedisProxy resource = Fixtures.resource(Fixtures.MINIMAL_MANAGED);
    resource.setSpec(null);
    assertThatThrownBy(() -> RedisProxyModel.of(resource, Fixtures.DEFAULTS))
        .hasMessage("spec: required: set spec.redis or spec.upstreams");
  }

  @Test
  void validSpecsPass() {
    assertThat(Fixtures.model(Fixtures.MINIMAL_MANAGED).managesRedis()).isTrue();
    assertThat(Fixtures.model(Fixtures.MINIMAL_EXTERNAL).managesRedis()).isFalse();
  }

  private static RedisProxyModel model(String name, String spec) {
    return RedisProxyModel.of(Fixtures.resource(name, spec), Fixtures.DEFAULTS);
  }
}
