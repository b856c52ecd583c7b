package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How hard moving slots, when mode Cluster changes its shards, may press on the servers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingSpec {
  public static final int MAX_KEYS_PER_BATCH = 10_000;

  @Min(1)
  @Max(ScalingSpec.MAX_KEYS_PER_BATCH)
  @JsonPropertyDescription(
      "Keys one MIGRATE moves (default 100): more moves faster, fewer keeps each pause of a slot's"
          + " clients shorter.")
  private Integer keysPerBatch;

  @JsonPropertyDescription(
      "How long to wait between two batches (default 0s), to leave the servers more time for"
          + " clients while slots move.")
  private String pauseBetweenBatches;

  public Integer getKeysPerBatch() {
    return keysPerBatch;
  }

  public void setKeysPerBatch(Integer keysPerBatch) {
    this.keysPerBatch = keysPerBatch;
  }

  public String getPauseBetweenBatches() {
    return pauseBetweenBatches;
  }

  public void setPauseBetweenBatches(String pauseBetweenBatches) {
    this.pauseBetweenBatches = pauseBetweenBatches;
  }
}
