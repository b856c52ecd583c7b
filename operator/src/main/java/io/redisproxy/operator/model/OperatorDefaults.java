package io.redisproxy.operator.model;

/**
 * What the operator fills in when a RedisProxy leaves it out: the container images, and whether its
 * proxies get a PodMonitor.
 */
public record OperatorDefaults(String redisImage, String proxyImage, boolean podMonitors) {
  /** Images only; a PodMonitor where a resource asks for one. */
  public OperatorDefaults(String redisImage, String proxyImage) {
    this(redisImage, proxyImage, false);
  }
}
