package io.redisproxy.operator.api.v1alpha1;

/** Where a RedisProxy stands, in one word for {@code kubectl get rp}. */
public enum Phase {
  /** The spec cannot be served; the Valid condition says why. Nothing was changed. */
  Invalid,
  /** Pods are being created or rolled to the current spec. */
  Progressing,
  /** Every pod runs the current spec and is ready. */
  Ready,
  /** It was ready at this spec, and pods have since become unready. */
  Degraded
}
