package io.redisproxy.operator.api.v1alpha1;

/** The fate of a Redis volume whose pod goes away. */
public enum VolumeRetention {
  Retain,
  Delete
}
