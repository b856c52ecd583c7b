package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/**
 * The PodMonitor the operator keeps for the proxies, when the cluster runs the Prometheus Operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodMonitorSpec {
  @JsonPropertyDescription(
      "Whether the operator creates the PodMonitor (default false, or true where the"
          + " operator's Helm chart sets proxyMonitoring.podMonitors). Without the Prometheus"
          + " Operator's CRDs in the cluster, the Monitoring condition says so and nothing else"
          + " changes.")
  private Boolean enabled;

  @Pattern(TimeoutsSpec.DURATION)
  @JsonPropertyDescription("How often Prometheus scrapes each proxy, such as 15s (default 30s).")
  private String interval;

  @JsonPropertyDescription(
      "Extra labels on the PodMonitor, such as the one your Prometheus selects PodMonitors by.")
  private Map<String, String> labels;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }
}
