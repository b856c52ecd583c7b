package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Keys starting with a prefix go to an upstream group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteSpec {
  @JsonPropertyDescription("The key prefix; empty or absent is the catch-all.")
  private String prefix;

  @Required
  @JsonPropertyDescription("The name of an upstream group in spec.upstreams.")
  private String upstream;

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getUpstream() {
    return upstream;
  }

  public void setUpstream(String upstream) {
    this.upstream = upstream;
  }
}
