package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;

/**
 * A Redis Cluster upstream: where to start discovering it and how often to look again. The slot map
 * is refreshed on a timer, after {@code refreshAfterRedirects} redirects (at most once per {@code
 * minRefreshInterval}), and after a node fails.
 */
@JsonPropertyOrder({"seeds", "refreshInterval", "refreshAfterRedirects", "minRefreshInterval"})
public record ClusterConfig(
    List<String> seeds,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration refreshInterval,
    Integer refreshAfterRedirects,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration minRefreshInterval) {

  public ClusterConfig {
    seeds = seeds != null ? List.copyOf(seeds) : List.of();
    refreshInterval = refreshInterval != null ? refreshInterval : Duration.ofSeconds(5);
    refreshAfterRedirects = refreshAfterRedirects != null ? refreshAfterRedirects : 5;
    minRefreshInterval = minRefreshInterval != null ? minRefreshInterval : Duration.ofMillis(500);
  }

  public ClusterConfig(List<String> seeds) {
    this(seeds, null, null, null);
  }
}
