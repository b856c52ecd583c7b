package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which node of a shard serves reads; spelled as in the proxy's config. */
public enum ReadPolicySetting {
  @JsonProperty("primary")
  PRIMARY,
  @JsonProperty("preferPrimary")
  PREFER_PRIMARY,
  @JsonProperty("replica")
  REPLICA,
  @JsonProperty("preferReplica")
  PREFER_REPLICA,
  @JsonProperty("any")
  ANY
}
