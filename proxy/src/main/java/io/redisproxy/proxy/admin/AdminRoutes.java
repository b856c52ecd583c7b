package io.redisproxy.proxy.admin;

import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.metrics.ProxyMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Which endpoint answers which admin path. */
public final class AdminRoutes {
  private final Map<String, AdminEndpoint> endpoints;

  private AdminRoutes(Map<String, AdminEndpoint> endpoints) {
    this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
  }

  /**
   * Health, readiness, metrics and the live config. {@code config} is asked on every request, so it
   * should return the current snapshot, not compute one.
   */
  public static AdminRoutes standard(
      ProxyMetrics metrics, Readiness readiness, Supplier<ProxyConfig> config) {
    return standard(metrics, readiness, config, List::of);
  }

  /** As {@link #standard(ProxyMetrics, Readiness, Supplier)}, with the key moves under way. */
  public static AdminRoutes standard(
      ProxyMetrics metrics,
      Readiness readiness,
      Supplier<ProxyConfig> config,
      Supplier<? extends List<?>> moves) {
    Map<String, AdminEndpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("/healthz", new HealthEndpoint());
    endpoints.put("/readyz", new ReadinessEndpoint(readiness));
    endpoints.put("/metrics", new MetricsEndpoint(metrics));
    endpoints.put("/config", new ConfigEndpoint(config));
    endpoints.put("/resharding", new ReshardingEndpoint(moves));
    return new AdminRoutes(endpoints);
  }

  /** The endpoint for {@code path}, or null. */
  AdminEndpoint find(String path) {
    return endpoints.get(path);
  }

  /** The served paths, for error messages. */
  String paths() {
    return String.join(", ", endpoints.keySet());
  }
}
