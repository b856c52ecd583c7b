package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a key picks its shard within a group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HashingSpec {
  @JsonPropertyDescription(
      "maglev (default): even shares, little movement when shards change. ketama: the ring of"
          + " twemproxy, for data placed by it.")
  private HashAlgorithm algorithm;

  @JsonPropertyDescription(
      "Hash only the part of a key inside {braces}, so related keys share a shard (default"
          + " true).")
  private Boolean hashTags;

  @JsonPropertyDescription(
      "Size of the Maglev lookup table: a prime at least 100 times the number of shards"
          + " (default 65537).")
  private Integer maglevTableSize;

  public HashAlgorithm getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(HashAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  public Boolean getHashTags() {
    return hashTags;
  }

  public void setHashTags(Boolean hashTags) {
    this.hashTags = hashTags;
  }

  public Integer getMaglevTableSize() {
    return maglevTableSize;
  }

  public void setMaglevTableSize(Integer maglevTableSize) {
    this.maglevTableSize = maglevTableSize;
  }
}
