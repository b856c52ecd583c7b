package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;

/** A persistent volume per Redis pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  @Required
  @JsonPropertyDescription("Size of each Redis pod's volume, such as 10Gi.")
  private Quantity size;

  @JsonPropertyDescription("StorageClass of the volumes (default: the cluster's default class).")
  private String storageClassName;

  @JsonPropertyDescription("What happens to the volumes when the resource is deleted or scaled.")
  private VolumeRetentionSpec retention;

  public Quantity getSize() {
    return size;
  }

  public void setSize(Quantity size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public VolumeRetentionSpec getRetention() {
    return retention;
  }

  public void setRetention(VolumeRetentionSpec retention) {
    this.retention = retention;
  }
}
