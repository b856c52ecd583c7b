package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A group of Redis servers run elsewhere that together hold one keyspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalUpstreamSpec {
  @Required
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")
  @JsonPropertyDescription("The group's name, used by routes and in metrics.")
  private String name;

  @JsonPropertyDescription("Overrides spec.readPolicy for this group.")
  private ReadPolicySetting readPolicy;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("The group's shards; each key lives on exactly one of them.")
  private List<ExternalShardSpec> shards;

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
}
