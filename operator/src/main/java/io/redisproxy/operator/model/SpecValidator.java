package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.redisproxy.operator.api.v1alpha1.ExternalClusterSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalShardSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalUpstreamSpec;
import io.redisproxy.operator.api.v1alpha1.FailoverSpec;
import io.redisproxy.operator.api.v1alpha1.HashingSpec;
import io.redisproxy.operator.api.v1alpha1.ManagedRedisSpec;
import io.redisproxy.operator.api.v1alpha1.MirrorSpec;
import io.redisproxy.operator.api.v1alpha1.NetworkPolicySpec;
import io.redisproxy.operator.api.v1alpha1.PlacementSpec;
import io.redisproxy.operator.api.v1alpha1.ProxySpec;
import io.redisproxy.operator.api.v1alpha1.ReadPolicySetting;
import io.redisproxy.operator.api.v1alpha1.RedisMode;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxySpec;
import io.redisproxy.operator.api.v1alpha1.RemoteSpec;
import io.redisproxy.operator.api.v1alpha1.RouteSpec;
import io.redisproxy.operator.api.v1alpha1.ScalingSpec;
import io.redisproxy.operator.api.v1alpha1.SecretKeyRef;
import io.redisproxy.operator.api.v1alpha1.SentinelSpec;
import io.redisproxy.operator.api.v1alpha1.TimeoutsSpec;
import io.redisproxy.proxy.config.DurationText;
import io.redisproxy.proxy.net.Transport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what the CRD schema cannot, or what an API server without the schema (a test server, a
 * file given to {@code render}) lets through: references, combinations, names Kubernetes will
 * derive, redis.conf lines the operator owns. The proxy's own validator checks the rendered config
 * afterwards; see {@link RedisProxyModel#of}.
 */
final class SpecValidator {
  /** Leaves room for the suffixes of derived names such as {@code -shard-127}. */
  static final int MAX_NAME_LENGTH = 40;

  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  /** redis.conf directives the operator writes itself; a user's copy would break the pods. */
  private static final Set<String> MANAGED_DIRECTIVES =
      Set.of(
          "port",
          "bind",
          "dir",
          "protected-mode",
          "daemonize",
          "logfile",
          "include",
          "replicaof",
          "slaveof",
          "cluster-enabled",
          "cluster-config-file");

  private final List<String> problems = new ArrayList<>();

  private SpecValidator() {}

  static List<String> problems(RedisProxy resource) {
    SpecValidator validator = new SpecValidator();
    validator.validate(resource);
    return List.copyOf(validator.problems);
  }

  private void validate(RedisProxy resource) {
    String name = resource.getMetadata() != null ? resource.getMetadata().getName() : null;
    String namespace =
        resource.getMetadata() != null ? resource.getMetadata().getNamespace() : null;
    name(name);
    if (namespace == null || namespace.isBlank()) {
      problem("metadata.namespace", "required");
    }
    RedisProxySpec spec = resource.getSpec();
    if (spec == null) {
      problem("spec", "required: set spec.redis or spec.upstreams");
      return;
    }
    boolean managed = spec.getRedis() != null;
    if (managed == (spec.getUpstreams() != null)) {
      problem(
          "spec",
          "set exactly one of spec.redis (Redis run by the operator) or spec.upstreams (external"
              + " Redis)");
      return;
    }
    if (spec.getNetworkPolicy() != null) {
      networkPolicy(spec.getNetworkPolicy(), managed);
    }
    if (managed) {
      redis(spec.getRedis(), spec.getReadPolicy(), spec.getHashing());
      if (spec.getRoutes() != null) {
        problem(
            "spec.routes",
            "routes choose among external upstream groups, and spec.redis is a single keyspace:"
                + " remove spec.routes or use spec.upstreams");
      }
      mirrors("spec.mirrors", spec.getMirrors());
      failover("spec.failover", spec.getFailover());
    } else {
      upstreams(spec.getUpstreams());
      routes(spec.getRoutes());
      if (spec.getMirrors() != null) {
        problem(
            "spec.mirrors",
            "copies the writes of spec.redis; with spec.upstreams set mirrors per route in"
                + " spec.routes");
      }
      if (spec.getFailover() != null) {
        problem(
            "spec.failover",
            "fails spec.redis over; with spec.upstreams set failover per group in spec.upstreams");
      }
    }
    remotes(spec.getRemotes(), spec.getUpstreams());
    if (spec.getTls() != null) {
      tlsSecret("spec.tls.secretName", spec.getTls().getSecretName());
    }
    secret(
        "spec.auth.passwordSecret",
        spec.getAuth() != null ? spec.getAuth().getPasswordSecret() : null,
        spec.getAuth() != null);
    proxy(spec.getProxy(), managed);
    placement(spec.getPlacement());
  }

  private void name(String name) {
    if (name == null || name.isEmpty()) {
      problem("metadata.name", "required");
    } else if (!SERVICE_NAME.matcher(name).matches()) {
      problem(
          "metadata.name",
          "'"
              + name
              + "' must start with a lowercase letter and hold only lowercase letters, digits and"
              + " '-', because it names Services");
    } else if (name.length() > MAX_NAME_LENGTH) {
      problem(
          "metadata.name",
          "'"
              + name
              + "' is too long: at most "
              + MAX_NAME_LENGTH
              + " characters, so that the StatefulSet and pod names made from it stay within"
              + " Kubernetes' limits");
    }
  }

  private void redis(ManagedRedisSpec redis, ReadPolicySetting readPolicy, HashingSpec hashing) {
    Integer shards = redis.getShards();
    if (shards == null) {
      problem("spec.redis.shards", "required");
    } else if (shards < 1 || shards > ManagedRedisSpec.MAX_SHARDS) {
      problem("spec.redis.shards", "must be 1-" + ManagedRedisSpec.MAX_SHARDS);
    }
    Integer replicas = redis.getReplicasPerShard();
    if (replicas != null && (replicas < 0 || replicas > ManagedRedisSpec.MAX_REPLICAS_PER_SHARD)) {
      problem(
          "spec.redis.replicasPerShard", "must be 0-" + ManagedRedisSpec.MAX_REPLICAS_PER_SHARD);
    }
    if (readPolicy == ReadPolicySetting.REPLICA && replicas != null && replicas == 0) {
      problem(
          "spec.readPolicy",
          "replica sends every read to a replica, so spec.redis.replicasPerShard must be at least"
              + " 1; or use preferReplica");
    }
    if (redis.getMode() == RedisMode.Cluster) {
      cluster(redis, hashing);
    }
    if (redis.getSentinel() != null) {
      sentinel(redis);
    }
    if (redis.getScaling() != null) {
      scaling(redis);
    }
    image("spec.redis.image", redis.getImage());
    redisConfig(redis.getConfig());
    if (redis.getAuth() != null) {
      secret("spec.redis.auth.passwordSecret", redis.getAuth().getPasswordSecret(), true);
    }
    if (redis.getTls() != null) {
      tlsSecret("spec.redis.tls.secretName", redis.getTls().getSecretName());
    }
    if (redis.getStorage() != null) {
      Quantity size = redis.getStorage().getSize();
      if (size == null) {
        problem("spec.redis.storage.size", "required, such as 10Gi");
      } else {
        quantity("spec.redis.storage.size", size, true);
      }
    }
    resources("spec.redis.resources", redis.getResources());
  }

  private void cluster(ManagedRedisSpec redis, HashingSpec hashing) {
    if (redis.getShards() != null && redis.getShards() >= 1 && redis.getShards() < 3) {
      problem(
          "spec.redis.shards",
          "a Redis Cluster needs at least 3 shards, so that a majority of primaries can fail one"
              + " over; or use mode Sharded");
    }
    if (hashing != null) {
      problem("spec.hashing", "a Redis Cluster places keys by hash slot; remove spec.hashing");
    }
  }

  private void networkPolicy(NetworkPolicySpec policy, boolean managed) {
    if (!managed) {
      problem(
          "spec.networkPolicy",
          "guards the Redis pods the operator runs; in front of spec.upstreams there are none");
      return;
    }
    List<String> namespaces = policy.getClientNamespaces();
    if (namespaces == null) {
      return;
    }
    for (int i = 0; i < namespaces.size(); i++) {
      String namespace = namespaces.get(i);
      if (namespace == null
          || namespace.length() > 63
          || !SERVICE_NAME.matcher(namespace).matches()) {
        problem(
            "spec.networkPolicy.clientNamespaces[" + i + "]",
            "'" + namespace + "' is not a namespace name");
      }
    }
  }

  private void scaling(ManagedRedisSpec redis) {
    if (redis.getMode() != RedisMode.Cluster) {
      problem(
          "spec.redis.scaling",
          "applies to mode Cluster only, where changing shards moves Redis Cluster slots");
    }
    Integer keys = redis.getScaling().getKeysPerBatch();
    if (keys != null && (keys < 1 || keys > ScalingSpec.MAX_KEYS_PER_BATCH)) {
      problem("spec.redis.scaling.keysPerBatch", "must be 1-" + ScalingSpec.MAX_KEYS_PER_BATCH);
    }
    duration("spec.redis.scaling.pauseBetweenBatches", redis.getScaling().getPauseBetweenBatches());
  }

  private void sentinel(ManagedRedisSpec redis) {
    if (redis.getMode() == RedisMode.Cluster) {
      problem(
          "spec.redis.sentinel",
          "a Redis Cluster fails over by itself; remove spec.redis.sentinel or use mode Sharded");
      return;
    }
    if (redis.getReplicasPerShard() != null && redis.getReplicasPerShard() == 0) {
      problem(
          "spec.redis.sentinel",
          "sentinels fail a primary over to a replica: set spec.redis.replicasPerShard to at"
              + " least 1");
    }
    SentinelSpec sentinel = redis.getSentinel();
    Integer replicas = sentinel.getReplicas();
    if (replicas != null && (replicas < 3 || replicas > SentinelSpec.MAX_REPLICAS)) {
      problem(
          "spec.redis.sentinel.replicas",
          "must be 3-" + SentinelSpec.MAX_REPLICAS + ": fewer cannot keep a majority after a loss");
    }
    int count = replicas != null ? replicas : 3;
    Integer quorum = sentinel.getQuorum();
    if (quorum != null && (quorum < 1 || quorum > count)) {
      problem("spec.redis.sentinel.quorum", "must be 1-" + count + " (the number of sentinels)");
    }
    duration("spec.redis.sentinel.downAfter", sentinel.getDownAfter());
    duration("spec.redis.sentinel.failoverTimeout", sentinel.getFailoverTimeout());
  }

  private void redisConfig(String config) {
    if (config == null) {
      return;
    }
    String[] lines = config.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String directive = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      if (MANAGED_DIRECTIVES.contains(directive)) {
        problem(
            "spec.redis.config",
            "line "
                + (i + 1)
                + " sets '"
                + directive
                + "', which the operator manages; remove that line");
      }
    }
  }

  private void upstreams(List<ExternalUpstreamSpec> upstreams) {
    if (upstreams.isEmpty()) {
      problem("spec.upstreams", "at least one upstream group is required");
    }
    for (int i = 0; i < upstreams.size(); i++) {
      ExternalUpstreamSpec upstream = upstreams.get(i);
      String at = "spec.upstreams[" + i + "]";
      if (upstream == null) {
        problem(at, "must not be empty");
        continue;
      }
      if (upstream.getName() == null) {
        problem(at + ".name", "required");
      }
      if (upstream.getAuth() != null) {
        secret(at + ".auth.passwordSecret", upstream.getAuth().getPasswordSecret(), true);
      }
      if (upstream.getTls() != null) {
        secret(at + ".tls.caSecret", upstream.getTls().getCaSecret(), false);
      }
      if (upstream.getCluster() != null) {
        if (upstream.getShards() != null) {
          problem(
              at, "set exactly one of shards (hash-sharded servers) or cluster (a Redis Cluster)");
        }
        cluster(at + ".cluster", upstream.getCluster());
        failover(at + ".failover", upstream.getFailover());
        continue;
      }
      failover(at + ".failover", upstream.getFailover());
      List<ExternalShardSpec> shards = upstream.getShards();
      if (shards == null || shards.isEmpty()) {
        problem(at + ".shards", "at least one shard is required, or a cluster");
        continue;
      }
      for (int s = 0; s < shards.size(); s++) {
        ExternalShardSpec shard = shards.get(s);
        String shardAt = at + ".shards[" + s + "]";
        if (shard == null) {
          problem(shardAt, "must not be empty");
        } else if (shard.getReplicas() != null && shard.getReplicas().contains(null)) {
          problem(shardAt + ".replicas", "must not hold empty entries");
        }
      }
    }
  }

  private void cluster(String at, ExternalClusterSpec cluster) {
    if (cluster.getSeeds() == null || cluster.getSeeds().isEmpty()) {
      problem(at + ".seeds", "at least one seed node is required");
    } else if (cluster.getSeeds().contains(null)) {
      problem(at + ".seeds", "must not hold empty entries");
    }
    duration(at + ".refreshInterval", cluster.getRefreshInterval());
  }

  private void failover(String at, FailoverSpec failover) {
    if (failover == null) {
      return;
    }
    if (failover.getStandby() == null) {
      problem(at + ".standby", "required: a name in spec.remotes or spec.upstreams");
    }
    duration(at + ".after", failover.getAfter());
    duration(at + ".failbackAfter", failover.getFailbackAfter());
  }

  private void routes(List<RouteSpec> routes) {
    if (routes == null) {
      return;
    }
    for (int i = 0; i < routes.size(); i++) {
      RouteSpec route = routes.get(i);
      if (route == null) {
        problem("spec.routes[" + i + "]", "must not be empty");
      } else {
        mirrors("spec.routes[" + i + "].mirrors", route.getMirrors());
      }
    }
  }

  private void mirrors(String at, List<MirrorSpec> mirrors) {
    if (mirrors == null) {
      return;
    }
    for (int i = 0; i < mirrors.size(); i++) {
      MirrorSpec mirror = mirrors.get(i);
      if (mirror == null) {
        problem(at + "[" + i + "]", "must not be empty");
      } else if (mirror.getUpstream() == null) {
        problem(at + "[" + i + "].upstream", "required: a name in spec.remotes or spec.upstreams");
      }
    }
  }

  /** Remote names share one namespace with the upstream groups: mirrors and standbys name both. */
  private void remotes(List<RemoteSpec> remotes, List<ExternalUpstreamSpec> upstreams) {
    if (remotes == null) {
      return;
    }
    Set<String> groups = new HashSet<>();
    if (upstreams != null) {
      upstreams.stream()
          .filter(upstream -> upstream != null && upstream.getName() != null)
          .forEach(upstream -> groups.add(upstream.getName()));
    }
    for (int i = 0; i < remotes.size(); i++) {
      RemoteSpec remote = remotes.get(i);
      String at = "spec.remotes[" + i + "]";
      if (remote == null) {
        problem(at, "must not be empty");
        continue;
      }
      if (remote.getName() == null) {
        problem(at + ".name", "required");
      } else if (!groups.add(remote.getName())) {
        problem(
            at + ".name", "'" + remote.getName() + "' is already the name of a group or remote");
      }
      if (remote.getEndpoint() == null) {
        problem(at + ".endpoint", "required, as host:port");
      }
      if (remote.getAuth() != null) {
        secret(at + ".auth.passwordSecret", remote.getAuth().getPasswordSecret(), true);
      }
      if (remote.getTls() != null) {
        secret(at + ".tls.caSecret", remote.getTls().getCaSecret(), false);
      }
    }
  }

  private void proxy(ProxySpec proxy, boolean managed) {
    if (proxy == null) {
      return;
    }
    image("spec.proxy.image", proxy.getImage());
    if (proxy.getReplicas() != null) {
      if (managed) {
        problem(
            "spec.proxy.replicas",
            "sizes the proxy-only tier of spec.upstreams; with spec.redis every Redis pod runs"
                + " its own proxy, so remove it");
      } else if (proxy.getReplicas() < 1 || proxy.getReplicas() > 100) {
        problem("spec.proxy.replicas", "must be 1-100");
      }
    }
    port("spec.proxy.port", proxy.getPort());
    port("spec.proxy.adminPort", proxy.getAdminPort());
    if (proxy.getTransport() != null
        && !List.of(Transport.CHOICES.split(", ")).contains(proxy.getTransport())) {
      problem(
          "spec.proxy.transport",
          "'" + proxy.getTransport() + "' is not one of: " + Transport.CHOICES);
    }
    int port = RedisProxyModel.proxyPort(proxy);
    int adminPort = RedisProxyModel.adminPort(proxy);
    if (port == adminPort) {
      problem("spec.proxy.adminPort", "must differ from spec.proxy.port (" + port + ")");
    }
    if (managed) {
      notRedisPort("spec.proxy.port", port);
      notRedisPort("spec.proxy.adminPort", adminPort);
    }
    TimeoutsSpec timeouts = proxy.getTimeouts();
    if (timeouts != null) {
      duration("spec.proxy.timeouts.connect", timeouts.getConnect());
      duration("spec.proxy.timeouts.operation", timeouts.getOperation());
      duration("spec.proxy.timeouts.idleClient", timeouts.getIdleClient());
      duration("spec.proxy.timeouts.shutdownGrace", timeouts.getShutdownGrace());
      duration("spec.proxy.timeouts.reconnectMax", timeouts.getReconnectMax());
    }
    resources("spec.proxy.resources", proxy.getResources());
  }

  private void notRedisPort(String field, int port) {
    if (port == RedisProxyModel.REDIS_PORT) {
      problem(field, port + " is Redis' port in the same pod; pick another");
    }
  }

  private void placement(PlacementSpec placement) {
    if (placement == null) {
      return;
    }
    if (placement.getTopologyKey() != null && placement.getTopologyKey().isBlank()) {
      problem("spec.placement.topologyKey", "must not be empty; leave it out for the default");
    }
    if (placement.getZones() != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < placement.getZones().size(); i++) {
        String zone = placement.getZones().get(i);
        String at = "spec.placement.zones[" + i + "]";
        if (zone == null || zone.isBlank()) {
          problem(at, "must not be empty");
        } else if (!seen.add(zone)) {
          problem(at, "'" + zone + "' is listed twice");
        }
      }
    }
  }

  private void tlsSecret(String at, String secretName) {
    if (secretName == null) {
      problem(at, "required: a kubernetes.io/tls Secret");
    } else if (secretName.length() > 253 || !SECRET_NAME.matcher(secretName).matches()) {
      problem(at, "'" + secretName + "' is not a Secret name");
    }
  }

  /** A Secret key reference that must be there when {@code required}. */
  private void secret(String at, SecretKeyRef ref, boolean required) {
    if (ref == null) {
      if (required) {
        problem(at, "required: the Secret (name, and key, default password) holding the password");
      }
      return;
    }
    if (ref.getName() == null) {
      problem(at + ".name", "required");
    } else if (ref.getName().length() > 253 || !SECRET_NAME.matcher(ref.getName()).matches()) {
      problem(at + ".name", "'" + ref.getName() + "' is not a Secret name");
    }
    if (ref.getKey() != null && !SECRET_KEY.matcher(ref.getKey()).matches()) {
      problem(at + ".key", "'" + ref.getKey() + "' is not a Secret key");
    }
  }

  private void image(String field, String image) {
    if (image != null && (image.isBlank() || image.chars().anyMatch(Character::isWhitespace))) {
      problem(field, "'" + image + "' is not an image reference such as redis:7.2");
    }
  }

  private void port(String field, Integer port) {
    if (port != null && (port < 1 || port > 65535)) {
      problem(field, "must be 1-65535");
    }
  }

  private void duration(String field, String text) {
    if (text == null) {
      return;
    }
    try {
      DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      problem(field, e.getMessage());
    }
  }

  private void resources(String field, ResourceRequirements resources) {
    if (resources == null) {
      return;
    }
    quantities(field + ".requests", resources.getRequests());
    quantities(field + ".limits", resources.getLimits());
  }

  private void quantities(String field, Map<String, Quantity> quantities) {
    if (quantities != null) {
      quantities.forEach((resource, amount) -> quantity(field + "." + resource, amount, false));
    }
  }

  private void quantity(String field, Quantity quantity, boolean positive) {
    try {
      BigDecimal value = quantity.getNumericalAmount();
      if (positive && value.signum() <= 0) {
        problem(field, "must be more than 0");
      } else if (value.signum() < 0) {
        problem(field, "must not be negative");
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      problem(field, "'" + quantity + "' is not a quantity such as 512Mi, 10Gi or 250m");
    }
  }

  private void problem(String field, String message) {
    problems.add(field + ": " + message);
  }
}
