package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Regional failover: the group's traffic moves to a standby while none of its primaries is
 * reachable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverSpec {
  @Required
  @JsonPropertyDescription(
      "Where traffic goes meanwhile: a name in spec.remotes or spec.upstreams.")
  private String standby;

  @JsonPropertyDescription(
      "How long no primary must be reachable before failing over (default 3s).")
  private String after;

  @JsonPropertyDescription(
      "How long every primary must be reachable again before coming back (default 10s).")
  private String failbackAfter;

  public String getStandby() {
    return standby;
  }

  public void setStandby(String standby) {
    this.standby = standby;
  }

  public String getAfter() {
    return after;
  }

  public void setAfter(String after) {
    this.after = after;
  }

  public String getFailbackAfter() {
    return failbackAfter;
  }

  public void setFailbackAfter(String failbackAfter) {
    this.failbackAfter = failbackAfter;
  }
}
