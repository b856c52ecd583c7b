package io.redisproxy.operator.api.v1alpha1;

/** The Kubernetes Service types a client endpoint may have. */
public enum ClientServiceType {
  ClusterIP,
  LoadBalancer
}
