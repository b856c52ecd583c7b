package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A group of Redis servers run elsewhere that together hold one keyspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.shards) != has(self.cluster)",
    message = "set exactly one of shards (hash-sharded servers) or cluster (a Redis Cluster)")
public class ExternalUpstreamSpec {
  @Required
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")
  @JsonPropertyDescription("The group's name, used by routes and in metrics.")
  private String name;

  @JsonPropertyDescription("Overrides spec.readPolicy for this group.")
  private ReadPolicySetting readPolicy;

  @Size(min = 1)
  @JsonPropertyDescription(
      "The group's shards; each key lives on exactly one of them. Set this or cluster.")
  private List<ExternalShardSpec> shards;

  @JsonPropertyDescription("A Redis Cluster instead of shards: the proxy follows its slot map.")
  private ExternalClusterSpec cluster;

  @JsonPropertyDescription(
      "Where this group's traffic goes while none of its primaries is reachable.")
  private FailoverSpec failover;

  @JsonPropertyDescription("How the proxy authenticates to this group's servers.")
  private UpstreamAuthSpec auth;

  @JsonPropertyDescription(
      "TLS to this group's servers, as managed cloud Redis with encryption in transit needs.")
  private UpstreamTlsSpec tls;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ReadPolicySetting getReadPolicy() {
    return readPolicy;
  }

  public void setReadPolicy(ReadPolicySetting readPolicy) {
    this.readPolicy = readPolicy;
  }

  public List<ExternalShardSpec> getShards() {
    return shards;
  }

  public void setShards(List<ExternalShardSpec> shards) {
    this.shards = shards;
  }

  public ExternalClusterSpec getCluster() {
    return cluster;
  }

  public void setCluster(ExternalClusterSpec cluster) {
    this.cluster = cluster;
  }

  public FailoverSpec getFailover() {
    return failover;
  }

  public void setFailover(FailoverSpec failover) {
    this.failover = failover;
  }

  public UpstreamAuthSpec getAuth() {
    return auth;
  }

  public void setAuth(UpstreamAuthSpec auth) {
    this.auth = auth;
  }

  public UpstreamTlsSpec getTls() {
    return tls;
  }

  public void setTls(UpstreamTlsSpec tls) {
    this.tls = tls;
  }
}
