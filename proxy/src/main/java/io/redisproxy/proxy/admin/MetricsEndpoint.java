package io.redisproxy.proxy.admin;

import io.redisproxy.proxy.metrics.ProxyMetrics;
import java.util.List;
import java.util.Map;

/** {@code /metrics}: every meter in the Prometheus text format. */
final class MetricsEndpoint implements AdminEndpoint {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ProxyMetrics metrics;

  MetricsEndpoint(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public AdminResponse get(Map<String, List<String>> parameters) {
    return AdminResponse.ok(PROMETHEUS_TEXT, metrics.scrape());
  }
}
