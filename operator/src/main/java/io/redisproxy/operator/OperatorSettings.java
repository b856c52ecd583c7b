package io.redisproxy.operator;

import io.redisproxy.operator.model.OperatorDefaults;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs, from environment variables (the Helm chart sets them):
 *
 * <ul>
 *   <li>{@code WATCH_NAMESPACES}: comma-separated namespaces to watch; empty watches all
 *   <li>{@code REDIS_IMAGE}, {@code PROXY_IMAGE}: images for resources that name none
 *   <li>{@code POD_MONITORS}: {@code true} gives the proxies of every resource that does not say
 *       otherwise a PodMonitor
 *   <li>{@code HEALTH_PORT}: port of /healthz, /readyz and /metrics (default 8080)
 *   <li>{@code LEADER_ELECTION}: {@code false} runs without a lease, for a single replica
 *   <li>{@code POD_NAMESPACE}: where the lease lives (default: the client's namespace)
 * </ul>
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    OperatorDefaults defaults,
    int healthPort,
    boolean leaderElection,
    String leaseNamespace) {
  public static final String LEASE_NAME = "redis-proxy-operator";
  static final String DEFAULT_REDIS_IMAGE = "redis:7.2";
  static final String PROXY_IMAGE_REPOSITORY = "ghcr.io/redis-proxy/redis-proxy";
  static final int DEFAULT_HEALTH_PORT = 8080;

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(namespace -> !namespace.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    OperatorDefaults defaults =
        new OperatorDefaults(
            env.getOrDefault("REDIS_IMAGE", DEFAULT_REDIS_IMAGE),
            env.getOrDefault("PROXY_IMAGE", PROXY_IMAGE_REPOSITORY + ":" + Version.current()),
            "true".equalsIgnoreCase(env.getOrDefault("POD_MONITORS", "false")));
    return new OperatorSettings(
        namespaces,
        defaults,
        port(env.get("HEALTH_PORT")),
        !"false".equalsIgnoreCase(env.getOrDefault("LEADER_ELECTION", "true")),
        env.get("POD_NAMESPACE"));
  }

  private static int port(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_HEALTH_PORT;
    }
    int port;
    try {
      port = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HEALTH_PORT '" + text + "' is not a port number 0-65535");
    }
    return port;
  }
}
