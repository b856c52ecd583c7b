package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Keys starting with a prefix go to an upstream group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteSpec {
  @JsonPropertyDescription("The key prefix; empty or absent is the catch-all.")
  private String prefix;

  @Required
  @JsonPropertyDescription("The name of an upstream group in spec.upstreams.")
  private String upstream;

  @JsonPropertyDescription(
      "Where reads of these keys go, when not to upstream: read locally, write remotely.")
  private String readUpstream;

  @JsonPropertyDescription("Match the prefix ignoring ASCII case (default false).")
  private Boolean caseInsensitive;

  @JsonPropertyDescription(
      "Send the keys upstream without the prefix, hashed without it too (default false).")
  private Boolean removePrefix;

  @JsonPropertyDescription(
      "Copies of this route's commands, sent to other regions without slowing or failing the client.")
  private List<MirrorSpec> mirrors;

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

  public String getReadUpstream() {
    return readUpstream;
  }

  public void setReadUpstream(String readUpstream) {
    this.readUpstream = readUpstream;
  }

  public Boolean getCaseInsensitive() {
    return caseInsensitive;
  }

  public void setCaseInsensitive(Boolean caseInsensitive) {
    this.caseInsensitive = caseInsensitive;
  }

  public Boolean getRemovePrefix() {
    return removePrefix;
  }

  public void setRemovePrefix(Boolean removePrefix) {
    this.removePrefix = removePrefix;
  }

  public List<MirrorSpec> getMirrors() {
    return mirrors;
  }

  public void setMirrors(List<MirrorSpec> mirrors) {
    this.mirrors = mirrors;
  }
}
