package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Whether Redis volumes outlive their pods: kept (the default) or deleted with them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeRetentionSpec {
  @JsonPropertyDescription("When the RedisProxy is deleted: Retain (default) or Delete.")
  private VolumeRetention whenDeleted;

  @JsonPropertyDescription("When a shard has fewer replicas: Retain (default) or Delete.")
  private VolumeRetention whenScaled;

  public VolumeRetention getWhenDeleted() {
    return whenDeleted;
  }

  public void setWhenDeleted(VolumeRetention whenDeleted) {
    this.whenDeleted = whenDeleted;
  }

  public VolumeRetention getWhenScaled() {
    return whenScaled;
  }

  public void setWhenScaled(VolumeRetention whenScaled) {
    this.whenScaled = whenScaled;
  }
}
