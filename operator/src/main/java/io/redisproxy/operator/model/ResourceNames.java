package io.redisproxy.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every name, label and DNS name of the objects made for one RedisProxy. Nothing else builds these
 * strings, so a rename happens here or nowhere.
 */
public final class ResourceNames {
  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String SHARD_LABEL = "redisproxy.io/shard";

  /** Set by Kubernetes (1.28+) on StatefulSet pods: the pod's ordinal. */
  public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  public static final String RESTART_HASH_ANNOTATION = "redisproxy.io/restart-hash";

  public static final String APP_NAME = "redis-proxy";
  public static final String MANAGED_BY = "redis-proxy-operator";

  /** Selects every object this operator manages, for its informers. */
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  public static final String REDIS_COMPONENT = "redis";
  public static final String PROXY_COMPONENT = "proxy";
  public static final String SENTINEL_COMPONENT = "sentinel";

  public static final String PROXY_CONFIG_KEY = "proxy.yaml";
  public static final String REDIS_CONFIG_KEY = "redis.conf";

  /** The longest shard StatefulSet name whose pods still get a valid revision label. */
  static final int MAX_STATEFUL_SET_NAME = 52;

  private static final String SHARD_PREFIX = "shard-";

  private final String instance;
  private final String namespace;

  public ResourceNames(String instance, String namespace) {
    this.instance = instance;
    this.namespace = namespace;
  }

  public String instance() {
    return instance;
  }

  public String namespace() {
    return namespace;
  }

  public String configMap() {
    return instance + "-config";
  }

  /** The headless Service that gives every Redis and sentinel pod a stable DNS name. */
  public String headlessService() {
    return instance + "-redis";
  }

  /** The Service clients connect to: the resource's own name, so it is easy to guess. */
  public String clientService() {
    return instance;
  }

  /** The NetworkPolicy around the Redis and sentinel pods. */
  public String networkPolicy() {
    return instance + "-redis";
  }

  /** The Prometheus Operator PodMonitor that scrapes the proxies. */
  public String podMonitor() {
    return instance;
  }

  public String podDisruptionBudget() {
    return instance;
  }

  public String proxyDeployment() {
    return instance + "-proxy";
  }

  public String shardStatefulSet(int shard) {
    return instance + "-" + shardName(shard);
  }

  /** The shard's identity on the hash ring: independent of DNS, so keys stay put. */
  public String shardName(int shard) {
    return SHARD_PREFIX + shard;
  }

  /** The shard index of a StatefulSet made for this resource, or -1. */
  public int shardOf(String statefulSetName) {
    String prefix = instance + "-" + SHARD_PREFIX;
    if (!statefulSetName.startsWith(prefix)) {
      return -1;
    }
    try {
      return Integer.parseInt(statefulSetName.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The pod with this ordinal in a shard; ordinal 0 runs the primary. */
  public String redisPod(int shard, int ordinal) {
    return shardStatefulSet(shard) + "-" + ordinal;
  }

  /** The pod's DNS name through the headless Service, valid under any cluster domain. */
  public String redisHost(int shard, int ordinal) {
    return hostOf(redisPod(shard, ordinal));
  }

  /** A pod's DNS name through the headless Service (a shell variable works as {@code pod}). */
  public String hostOf(String pod) {
    return pod + "." + headlessService() + "." + namespace + ".svc";
  }

  /** The StatefulSet of the sentinels that fail over a Sharded topology's primaries. */
  public String sentinelStatefulSet() {
    return instance + "-" + SENTINEL_COMPONENT;
  }

  public String sentinelPod(int ordinal) {
    return sentinelStatefulSet() + "-" + ordinal;
  }

  /** The sentinel pod's DNS name through the headless Service, which its certificate covers. */
  public String sentinelHost(int ordinal) {
    return hostOf(sentinelPod(ordinal));
  }

  /** The name the sentinels monitor a shard by: its name on the hash ring. */
  public String sentinelMaster(int shard) {
    return shardName(shard);
  }

  public String clientHost() {
    return clientService() + "." + namespace + ".svc";
  }

  /** The proxy's upstream group for Redis run by the operator. */
  public String managedUpstreamGroup() {
    return instance;
  }

  /** Labels of objects that serve every component, such as the ConfigMap. */
  public Map<String, String> commonLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME_LABEL, APP_NAME);
    labels.put(INSTANCE_LABEL, instance);
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    return labels;
  }

  /** Labels of the objects of one component. */
  public Map<String, String> labels(String component) {
    Map<String, String> labels = commonLabels();
    labels.put(COMPONENT_LABEL, component);
    return labels;
  }

  /** Labels of a shard's StatefulSet and pods. */
  public Map<String, String> shardLabels(int shard) {
    Map<String, String> labels = labels(REDIS_COMPONENT);
    labels.put(SHARD_LABEL, shardName(shard));
    return labels;
  }

  /** Selects the pods of one component of this resource. */
  public Map<String, String> selector(String component) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(NAME_LABEL, APP_NAME);
    selector.put(INSTANCE_LABEL, instance);
    selector.put(COMPONENT_LABEL, component);
    return selector;
  }

  /** Selects the Redis and sentinel pods, which share the headless Service. */
  public Map<String, String> redisAndSentinelSelector() {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(NAME_LABEL, APP_NAME);
    selector.put(INSTANCE_LABEL, instance);
    return selector;
  }

  /** Selects the pods of one shard. */
  public Map<String, String> shardSelector(int shard) {
    Map<String, String> selector = selector(REDIS_COMPONENT);
    selector.put(SHARD_LABEL, shardName(shard));
    return selector;
  }
}
