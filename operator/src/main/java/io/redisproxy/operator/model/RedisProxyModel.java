package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.redisproxy.operator.api.v1alpha1.ClientServiceType;
import io.redisproxy.operator.api.v1alpha1.ManagedRedisSpec;
import io.redisproxy.operator.api.v1alpha1.MetricsSpec;
import io.redisproxy.operator.api.v1alpha1.NetworkPolicySpec;
import io.redisproxy.operator.api.v1alpha1.PodMonitorSpec;
import io.redisproxy.operator.api.v1alpha1.ProxySpec;
import io.redisproxy.operator.api.v1alpha1.RedisMode;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxySpec;
import io.redisproxy.operator.api.v1alpha1.ScalingSpec;
import io.redisproxy.operator.api.v1alpha1.SecretKeyRef;
import io.redisproxy.operator.api.v1alpha1.SentinelSpec;
import io.redisproxy.operator.api.v1alpha1.StorageSpec;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ConfigValidator;
import io.redisproxy.proxy.config.DurationText;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.net.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated RedisProxy with every default filled in, and the proxy config rendered from it.
 * Everything the operator creates is computed from this one object.
 */
public final class RedisProxyModel {
  public static final int REDIS_PORT = 6379;
  public static final int SENTINEL_PORT = 26379;
  static final int DEFAULT_SENTINELS = 3;
  static final Duration DEFAULT_DOWN_AFTER = Duration.ofSeconds(5);
  static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(60);
  static final int DEFAULT_REPLICAS_PER_SHARD = 1;
  static final int DEFAULT_KEYS_PER_BATCH = 100;
  static final int DEFAULT_PROXY_REPLICAS = 2;
  static final String DEFAULT_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
  static final String EXTERNAL_MODE = "External";
  static final String DEFAULT_SCRAPE_INTERVAL = "30s";

  private final ResourceNames names;
  private final RedisProxySpec spec;
  private final OperatorDefaults defaults;
  private final ProxyConfig proxyConfig;

  private RedisProxyModel(RedisProxy resource, OperatorDefaults defaults) {
    this.names =
        new ResourceNames(resource.getMetadata().getName(), resource.getMetadata().getNamespace());
    this.spec = resource.getSpec();
    this.defaults = defaults;
    this.proxyConfig = ProxyConfigFactory.create(this, spec);
  }

  private RedisProxyModel(RedisProxyModel model, ProxyConfig proxyConfig) {
    this.names = model.names;
    this.spec = model.spec;
    this.defaults = model.defaults;
    this.proxyConfig = proxyConfig;
  }

  /**
   * Validates {@code resource} and resolves it.
   *
   * @throws InvalidSpecException naming every field to fix
   */
  public static RedisProxyModel of(RedisProxy resource, OperatorDefaults defaults) {
    List<String> problems = SpecValidator.problems(resource);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    RedisProxyModel model = new RedisProxyModel(resource, defaults);
    ConfigProblemPaths paths =
        new ConfigProblemPaths(
            model.managesRedis(),
            model.managesRedis() ? 1 : resource.getSpec().getUpstreams().size());
    List<String> configProblems =
        ConfigValidator.problems(model.proxyConfig).stream()
            .map(paths::toSpecProblem)
            .distinct()
            .toList();
    if (!configProblems.isEmpty()) {
      throw new InvalidSpecException(configProblems);
    }
    return model;
  }

  public ResourceNames names() {
    return names;
  }

  /** True when the operator runs the Redis servers; false for a proxy tier over external ones. */
  public boolean managesRedis() {
    return spec.getRedis() != null;
  }

  /** Sharded or Cluster for Redis run by the operator, External for a proxy tier. */
  public String mode() {
    return managesRedis() ? (clusterMode() ? "Cluster" : "Sharded") : EXTERNAL_MODE;
  }

  /** True when the operator runs its Redis servers as a Redis Cluster. */
  public boolean clusterMode() {
    return managesRedis() && spec.getRedis().getMode() == RedisMode.Cluster;
  }

  /**
   * Whether Redis Sentinel fails this topology's primaries over: in mode Sharded whenever shards
   * have replicas (a Redis Cluster fails over by itself, and without replicas there is nothing to
   * fail over to).
   */
  public boolean sentinels() {
    return managesRedis() && !clusterMode() && replicasPerShard() > 0;
  }

  /** How many keys one MIGRATE moves when slots move. */
  public int slotMoveKeysPerBatch() {
    ScalingSpec scaling = managesRedis() ? spec.getRedis().getScaling() : null;
    return scaling != null && scaling.getKeysPerBatch() != null
        ? scaling.getKeysPerBatch()
        : DEFAULT_KEYS_PER_BATCH;
  }

  /** How long to wait between two batches of keys when slots move. */
  public Duration slotMovePause() {
    ScalingSpec scaling = managesRedis() ? spec.getRedis().getScaling() : null;
    return scaling != null && scaling.getPauseBetweenBatches() != null
        ? DurationText.parse(scaling.getPauseBetweenBatches())
        : Duration.ZERO;
  }

  private SentinelSpec sentinelSpec() {
    SentinelSpec sentinel = managesRedis() ? spec.getRedis().getSentinel() : null;
    return sentinel != null ? sentinel : new SentinelSpec();
  }

  /** How many sentinel pods run. */
  public int sentinelCount() {
    Integer replicas = sentinelSpec().getReplicas();
    return replicas != null ? replicas : DEFAULT_SENTINELS;
  }

  /** How many sentinels must agree a primary is down: by default a majority. */
  public int sentinelQuorum() {
    Integer quorum = sentinelSpec().getQuorum();
    return quorum != null ? quorum : sentinelCount() / 2 + 1;
  }

  public Duration sentinelDownAfter() {
    String text = sentinelSpec().getDownAfter();
    return text != null ? DurationText.parse(text) : DEFAULT_DOWN_AFTER;
  }

  public Duration sentinelFailoverTimeout() {
    String text = sentinelSpec().getFailoverTimeout();
    return text != null ? DurationText.parse(text) : DEFAULT_FAILOVER_TIMEOUT;
  }

  /** Every sentinel's address, as host:port. */
  public List<String> sentinelAddresses() {
    List<String> addresses = new ArrayList<>();
    for (int ordinal = 0; ordinal < sentinelCount(); ordinal++) {
      addresses.add(names.sentinelHost(ordinal) + ":" + SENTINEL_PORT);
    }
    return List.copyOf(addresses);
  }

  /** Each shard's server addresses, the pod that starts as its primary first. */
  public List<List<String>> redisAddresses() {
    List<List<String>> shards = new ArrayList<>();
    for (int shard = 0; shard < shards(); shard++) {
      List<String> pods = new ArrayList<>();
      for (int ordinal = 0; ordinal < podsPerShard(); ordinal++) {
        pods.add(names.redisHost(shard, ordinal) + ":" + REDIS_PORT);
      }
      shards.add(List.copyOf(pods));
    }
    return List.copyOf(shards);
  }

  public int shards() {
    return managesRedis() ? spec.getRedis().getShards() : 0;
  }

  public int replicasPerShard() {
    Integer replicas = managesRedis() ? spec.getRedis().getReplicasPerShard() : null;
    return replicas != null ? replicas : DEFAULT_REPLICAS_PER_SHARD;
  }

  /** The primary and its replicas. */
  public int podsPerShard() {
    return 1 + replicasPerShard();
  }

  public String redisImage() {
    String image = managesRedis() ? spec.getRedis().getImage() : null;
    return image != null ? image : defaults.redisImage();
  }

  public String proxyImage() {
    String image = spec.getProxy() != null ? spec.getProxy().getImage() : null;
    return image != null ? image : defaults.proxyImage();
  }

  public int proxyPort() {
    return proxyPort(spec.getProxy());
  }

  /** The proxy's command-line options after its config file: the transport when one is forced. */
  public List<String> proxyOptions() {
    String transport = spec.getProxy() != null ? spec.getProxy().getTransport() : null;
    return transport == null || transport.equals(Transport.AUTO)
        ? List.of()
        : List.of("--transport", transport);
  }

  public int adminPort() {
    return adminPort(spec.getProxy());
  }

  static int proxyPort(ProxySpec proxy) {
    return proxy != null && proxy.getPort() != null ? proxy.getPort() : ProxyConfig.DEFAULT_PORT;
  }

  static int adminPort(ProxySpec proxy) {
    return proxy != null && proxy.getAdminPort() != null
        ? proxy.getAdminPort()
        : ProxyConfig.DEFAULT_ADMIN_PORT;
  }

  /** Pods of the proxy-only tier. */
  public int proxyReplicas() {
    Integer replicas = spec.getProxy() != null ? spec.getProxy().getReplicas() : null;
    return replicas != null ? replicas : DEFAULT_PROXY_REPLICAS;
  }

  /** Proxies clients reach: one per Redis pod, or the proxy tier's pods. */
  public int proxies() {
    return managesRedis() ? shards() * podsPerShard() : proxyReplicas();
  }

  public Optional<ResourceRequirements> redisResources() {
    return Optional.ofNullable(managesRedis() ? spec.getRedis().getResources() : null);
  }

  /** A sentinel needs little: a small fixed request, no limit on bursts of its CPU. */
  public ResourceRequirements sentinelResources() {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("50m"))
        .addToRequests("memory", new Quantity("32Mi"))
        .addToLimits("memory", new Quantity("128Mi"))
        .build();
  }

  public Optional<ResourceRequirements> proxyResources() {
    return Optional.ofNullable(spec.getProxy() != null ? spec.getProxy().getResources() : null);
  }

  public Optional<StorageSpec> storage() {
    return Optional.ofNullable(managesRedis() ? spec.getRedis().getStorage() : null);
  }

  public List<String> zones() {
    List<String> zones = spec.getPlacement() != null ? spec.getPlacement().getZones() : null;
    return zones != null ? List.copyOf(zones) : List.of();
  }

  /**
   * Whether the spec names enough zones for each of a shard's pods to have one of its own; then a
   * shard's pods must run in different zones, and one zone's loss leaves every shard a copy.
   */
  public boolean zonesHoldEveryCopy() {
    return zones().size() >= podsPerShard();
  }

  public String topologyKey() {
    String key = spec.getPlacement() != null ? spec.getPlacement().getTopologyKey() : null;
    return key != null ? key : DEFAULT_TOPOLOGY_KEY;
  }

  /** Whether the proxies get a PodMonitor: as the spec says, else as the operator's default. */
  public boolean podMonitor() {
    return podMonitorSpec().map(PodMonitorSpec::getEnabled).orElse(defaults.podMonitors());
  }

  /** How often Prometheus scrapes each proxy. */
  public String podMonitorInterval() {
    return podMonitorSpec().map(PodMonitorSpec::getInterval).orElse(DEFAULT_SCRAPE_INTERVAL);
  }

  /** The spec's extra labels for the PodMonitor. */
  public Map<String, String> podMonitorLabels() {
    return podMonitorSpec().map(PodMonitorSpec::getLabels).map(Map::copyOf).orElse(Map.of());
  }

  private Optional<PodMonitorSpec> podMonitorSpec() {
    return Optional.ofNullable(spec.getProxy())
        .map(ProxySpec::getMetrics)
        .map(MetricsSpec::getPodMonitor);
  }

  /** Whether a NetworkPolicy guards the Redis pods: on unless the spec turns it off. */
  public boolean networkPolicy() {
    NetworkPolicySpec policy = spec.getNetworkPolicy();
    return policy == null || policy.getEnabled() == null || policy.getEnabled();
  }

  /** The namespaces whose pods may reach the proxies; empty means every namespace. */
  public List<String> clientNamespaces() {
    NetworkPolicySpec policy = spec.getNetworkPolicy();
    return policy != null && policy.getClientNamespaces() != null
        ? List.copyOf(policy.getClientNamespaces())
        : List.of();
  }

  public ClientServiceType serviceType() {
    ClientServiceType type = spec.getService() != null ? spec.getService().getType() : null;
    return type != null ? type : ClientServiceType.ClusterIP;
  }

  public Map<String, String> serviceAnnotations() {
    Map<String, String> annotations =
        spec.getService() != null ? spec.getService().getAnnotations() : null;
    return annotations != null ? Map.copyOf(annotations) : Map.of();
  }

  /** The config every proxy of this resource serves. */
  public ProxyConfig proxyConfig() {
    return proxyConfig;
  }

  /** The group of the Redis servers this resource runs, as the proxies are to be given it. */
  public UpstreamConfig managedGroup() {
    return proxyConfig.upstreams().stream()
        .filter(group -> group.name().equals(names.managedUpstreamGroup()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("this resource runs no Redis servers"));
  }

  /** This model with the proxies given {@code group} for the managed servers instead. */
  public RedisProxyModel withManagedGroup(UpstreamConfig group) {
    List<UpstreamConfig> upstreams =
        proxyConfig.upstreams().stream()
            .map(g -> g.name().equals(group.name()) ? group : g)
            .toList();
    return new RedisProxyModel(
        this,
        new ProxyConfig(
            proxyConfig.listen(),
            proxyConfig.admin(),
            proxyConfig.ioThreads(),
            upstreams,
            proxyConfig.routes(),
            proxyConfig.timeouts(),
            proxyConfig.limits(),
            proxyConfig.auth(),
            proxyConfig.mirroring(),
            proxyConfig.tls()));
  }

  /** The proxy config as the proxy reads it. */
  public String proxyConfigYaml() {
    return ConfigCodec.write(proxyConfig);
  }

  /** redis.conf of every Redis pod: the operator's lines, then the user's. */
  public String redisConf() {
    ManagedRedisSpec redis = spec.getRedis();
    return RedisConf.render(
        redis != null ? redis.getConfig() : null, clusterMode(), redisTlsSecret().isPresent());
  }

  /**
   * The Secret key the managed Redis servers take their password from, if they require one, with
   * its default key filled in.
   */
  public Optional<SecretKeyRef> redisPassword() {
    ManagedRedisSpec redis = spec.getRedis();
    return redis != null && redis.getAuth() != null
        ? Optional.ofNullable(redis.getAuth().getPasswordSecret())
            .map(ref -> SecretMounts.ref(ref.getName(), SecretMounts.key(ref)))
        : Optional.empty();
  }

  /** The Secret the managed Redis servers take their certificate from, if they speak TLS. */
  public Optional<String> redisTlsSecret() {
    ManagedRedisSpec redis = spec.getRedis();
    return redis != null && redis.getTls() != null
        ? Optional.ofNullable(redis.getTls().getSecretName())
        : Optional.empty();
  }

  /** Whether any route of the proxies mirrors. */
  public boolean mirrors() {
    return proxyConfig.routes().stream().anyMatch(route -> !route.mirrors().isEmpty());
  }

  /** Every Secret key the proxies read a password from. */
  public List<SecretKeyRef> secretRefs() {
    return SecretMounts.refs(spec);
  }

  List<Volume> secretVolumes() {
    return SecretMounts.volumes(spec);
  }

  List<VolumeMount> secretMounts() {
    return SecretMounts.mounts(spec);
  }

  /** Where clients connect inside the cluster, as host:port. */
  public String clusterEndpoint() {
    return names.clientHost() + ":" + proxyPort();
  }
}
