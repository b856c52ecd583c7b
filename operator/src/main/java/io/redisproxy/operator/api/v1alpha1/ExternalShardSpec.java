package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** One external shard: a primary and its replicas, as host:port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalShardSpec {
  @JsonPropertyDescription(
      "The shard's identity on the hash ring (default: the primary's address). Renaming a shard"
          + " moves its keys, so name shards whose address may change.")
  private String name;

  @Required
  @JsonPropertyDescription("The primary, as host:port.")
  private String primary;

  @JsonPropertyDescription("Replicas of the primary, as host:port.")
  private List<String> replicas;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPrimary() {
    return primary;
  }

  public void setPrimary(String primary) {
    this.primary = primary;
  }

  public List<String> getReplicas() {
    return replicas;
  }

  public void setReplicas(List<String> replicas) {
    this.replicas = replicas;
  }
}
