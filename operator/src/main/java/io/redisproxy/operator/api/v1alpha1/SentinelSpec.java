package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Redis Sentinel, which fails a Sharded topology's primaries over to their replicas. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SentinelSpec {
  public static final int MAX_REPLICAS = 9;

  @Min(3)
  @Max(SentinelSpec.MAX_REPLICAS)
  @JsonPropertyDescription(
      "Sentinel pods (default 3, at least 3), spread across zones; an odd number keeps a majority"
          + " after the loss of a zone.")
  private Integer replicas;

  @Min(1)
  @JsonPropertyDescription(
      "How many sentinels must see a primary down before it is failed over (default: a majority"
          + " of them).")
  private Integer quorum;

  @JsonPropertyDescription(
      "How long a primary must not answer before a sentinel sees it as down (default 5s).")
  private String downAfter;

  @JsonPropertyDescription("How long one failover may take before another is tried (default 60s).")
  private String failoverTimeout;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getQuorum() {
    return quorum;
  }

  public void setQuorum(Integer quorum) {
    this.quorum = quorum;
  }

  public String getDownAfter() {
    return downAfter;
  }

  public void setDownAfter(String downAfter) {
    this.downAfter = downAfter;
  }

  public String getFailoverTimeout() {
    return failoverTimeout;
  }

  public void setFailoverTimeout(String failoverTimeout) {
    this.failoverTimeout = failoverTimeout;
  }
}
