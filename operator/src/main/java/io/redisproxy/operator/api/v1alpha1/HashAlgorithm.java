package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The consistent hashing a group uses; spelled as in the proxy's config. */
public enum HashAlgorithm {
  @JsonProperty("maglev")
  MAGLEV,
  @JsonProperty("ketama")
  KETAMA
}
