package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Redis servers run by the operator: shards, each a primary with replicas. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedRedisSpec {
  public static final int MAX_SHARDS = 128;
  public static final int MAX_REPLICAS_PER_SHARD = 5;

  @JsonPropertyDescription(
      "Sharded (default): independent primaries, the proxy hashes keys over them. Cluster: a"
          + " Redis Cluster.")
  private RedisMode mode;

  @Required
  @Min(1)
  @Max(ManagedRedisSpec.MAX_SHARDS)
  @JsonPropertyDescription(
      "Number of shards. Changing it moves keys between shards online (mode Cluster: Redis"
          + " Cluster's own slot migration).")
  private Integer shards;

  @Min(0)
  @Max(ManagedRedisSpec.MAX_REPLICAS_PER_SHARD)
  @JsonPropertyDescription("Replicas of each shard's primary (default 1).")
  private Integer replicasPerShard;

  @JsonPropertyDescription("The Redis container image (default: the operator's Redis image).")
  private String image;

  @JsonPropertyDescription(
      "Extra redis.conf lines, such as 'maxmemory 1gb'. Changing them restarts the Redis pods.")
  private String config;

  @JsonPropertyDescription(
      "With mode Cluster: how slots move when shards changes (batch size, pause between batches).")
  private ScalingSpec scaling;

  @JsonPropertyDescription("Persistent volumes for Redis data; without it data lives in emptyDir.")
  private StorageSpec storage;

  @JsonPropertyDescription("Compute resources of the Redis container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "A password the Redis servers require (requirepass); the proxies and replicas use it. Changing the Secret's value takes a restart of the Redis pods.")
  private AuthSpec auth;

  @JsonPropertyDescription(
      "Redis Sentinel for mode Sharded with replicas: it fails a dead primary over to a replica.")
  private SentinelSpec sentinel;

  @JsonPropertyDescription(
      "TLS on the Redis servers: a Secret with tls.crt, tls.key and ca.crt (as cert-manager writes it) whose certificate names *.<name>-redis.<namespace>.svc. The proxies and replicas speak TLS to them; changing it restarts the Redis pods.")
  private TlsSpec tls;

  public RedisMode getMode() {
    return mode;
  }

  public void setMode(RedisMode mode) {
    this.mode = mode;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getReplicasPerShard() {
    return replicasPerShard;
  }

  public void setReplicasPerShard(Integer replicasPerShard) {
    this.replicasPerShard = replicasPerShard;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getConfig() {
    return config;
  }

  public void setConfig(String config) {
    this.config = config;
  }

  public ScalingSpec getScaling() {
    return scaling;
  }

  public void setScaling(ScalingSpec scaling) {
    this.scaling = scaling;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public AuthSpec getAuth() {
    return auth;
  }

  public void setAuth(AuthSpec auth) {
    this.auth = auth;
  }

  public SentinelSpec getSentinel() {
    return sentinel;
  }

  public void setSentinel(SentinelSpec sentinel) {
    this.sentinel = sentinel;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }
}
