package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Copies of a route's commands, sent to another upstream group or remote. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MirrorSpec {
  @Required
  @JsonPropertyDescription("The target: a name in spec.remotes or spec.upstreams (one shard).")
  private String upstream;

  @JsonPropertyDescription("Mirror writes only (default true); MULTI/EXEC counts as a write.")
  private Boolean excludeReadCommands;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription("The share of commands mirrored, 0 to 1 (default 1).")
  private Double fraction;

  public String getUpstream() {
    return upstream;
  }

  public void setUpstream(String upstream) {
    this.upstream = upstream;
  }

  public Boolean getExcludeReadCommands() {
    return excludeReadCommands;
  }

  public void setExcludeReadCommands(Boolean excludeReadCommands) {
    this.excludeReadCommands = excludeReadCommands;
  }

  public Double getFraction() {
    return fraction;
  }

  public void setFraction(Double fraction) {
    this.fraction = fraction;
  }
}
