package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the proxies' metrics (the admin port's /metrics) are collected. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {
  @JsonPropertyDescription(
      "A Prometheus Operator PodMonitor (monitoring.coreos.com/v1) that scrapes every proxy of"
          + " this resource.")
  private PodMonitorSpec podMonitor;

  public PodMonitorSpec getPodMonitor() {
    return podMonitor;
  }

  public void setPodMonitor(PodMonitorSpec podMonitor) {
    this.podMonitor = podMonitor;
  }
}
