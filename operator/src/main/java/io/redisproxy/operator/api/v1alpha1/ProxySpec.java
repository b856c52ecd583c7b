package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The proxy: the same settings for a sidecar in every Redis pod and for a proxy-only tier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxySpec {
  @JsonPropertyDescription("The proxy container image (default: the operator's proxy image).")
  private String image;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Pods of the proxy-only tier in front of external upstreams (default 2). Not used with"
          + " spec.redis, where every Redis pod runs a proxy.")
  private Integer replicas;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("The port clients connect to (default 6380).")
  private Integer port;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("The admin HTTP port: /healthz, /readyz, /metrics (default 9121).")
  private Integer adminPort;

  @Min(0)
  @Max(256)
  @JsonPropertyDescription("I/O threads; 0 (default) runs one per available core.")
  private Integer ioThreads;

  @Min(1)
  @Max(16)
  @JsonPropertyDescription(
      "Pipelined connections from each proxy to each Redis server (default 1).")
  private Integer connectionsPerNode;

  @Pattern("^[0-9]+(us|ms)$")
  @JsonPropertyDescription(
      "Holds each connection's writes to a Redis server for up to this long (such as 200us) while"
          + " it already waits for replies, so the servers read many clients' requests at once;"
          + " costs up to that much latency on busy connections. Off by default, at most 10ms.")
  private String flushDelay;

  @Pattern("^(auto|io_uring|epoll|nio)$")
  @JsonPropertyDescription(
      "How the proxy does its socket I/O: auto (default) uses io_uring where the node's kernel and"
          + " the pod's seccomp profile allow it, else epoll; io_uring, epoll or nio force one (a"
          + " proxy that cannot run it does not start, and its log says why).")
  private String transport;

  @JsonPropertyDescription("Compute resources of the proxy container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Time limits, written as 250ms, 2s, 5m or 1h.")
  private TimeoutsSpec timeouts;

  @JsonPropertyDescription("Bounds that keep clients from exhausting the proxy.")
  private LimitsSpec limits;

  @JsonPropertyDescription("How the proxies' metrics are collected.")
  private MetricsSpec metrics;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Integer getAdminPort() {
    return adminPort;
  }

  public void setAdminPort(Integer adminPort) {
    this.adminPort = adminPort;
  }

  public Integer getIoThreads() {
    return ioThreads;
  }

  public void setIoThreads(Integer ioThreads) {
    this.ioThreads = ioThreads;
  }

  public Integer getConnectionsPerNode() {
    return connectionsPerNode;
  }

  public void setConnectionsPerNode(Integer connectionsPerNode) {
    this.connectionsPerNode = connectionsPerNode;
  }

  public String getFlushDelay() {
    return flushDelay;
  }

  public void setFlushDelay(String flushDelay) {
    this.flushDelay = flushDelay;
  }

  public String getTransport() {
    return transport;
  }

  public void setTransport(String transport) {
    this.transport = transport;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public TimeoutsSpec getTimeouts() {
    return timeouts;
  }

  public void setTimeouts(TimeoutsSpec timeouts) {
    this.timeouts = timeouts;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public MetricsSpec getMetrics() {
    return metrics;
  }

  public void setMetrics(MetricsSpec metrics) {
    this.metrics = metrics;
  }
}
