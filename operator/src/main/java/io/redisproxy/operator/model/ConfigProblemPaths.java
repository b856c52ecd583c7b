package io.redisproxy.operator.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a problem the proxy's config validator found in a rendered config so that it names the
 * RedisProxy field the user wrote, as in {@code spec.hashing.maglevTableSize: must be a prime}.
 *
 * <p>The rendered config lists the user's groups first (the managed topology's one group, or {@code
 * spec.upstreams} in order), then one group per {@code spec.remotes} entry. A managed topology's
 * one route is rendered from {@code spec.mirrors}.
 */
final class ConfigProblemPaths {
  private static final Pattern UPSTREAM_FIELD = Pattern.compile("upstreams\\[(\\d+)\\]\\.?(.*)");
  private static final Pattern ROUTE_MIRROR = Pattern.compile("routes\\[0\\]\\.mirrors(.*)");

  private final boolean managedRedis;
  private final int userGroups;

  /**
   * @param userGroups how many rendered groups come from the user's topology before the remotes
   */
  ConfigProblemPaths(boolean managedRedis, int userGroups) {
    this.managedRedis = managedRedis;
    this.userGroups = userGroups;
  }

  String toSpecProblem(String problem) {
    int colon = problem.indexOf(": ");
    if (colon < 0) {
      return "spec: " + problem;
    }
    String field = problem.substring(0, colon);
    return specField(field) + problem.substring(colon);
  }

  private String specField(String field) {
    if (field.equals("listen.port")) {
      return "spec.proxy.port";
    }
    if (field.equals("admin.port")) {
      return "spec.proxy.adminPort";
    }
    if (field.equals("ioThreads") || field.startsWith("timeouts.") || field.startsWith("limits.")) {
      return "spec.proxy." + field;
    }
    Matcher upstream = UPSTREAM_FIELD.matcher(field);
    if (upstream.matches()) {
      return upstreamField(Integer.parseInt(upstream.group(1)), upstream.group(2));
    }
    if (managedRedis && field.startsWith("routes")) {
      Matcher mirror = ROUTE_MIRROR.matcher(field);
      return mirror.matches() ? "spec.mirrors" + mirror.group(1) : "spec.mirrors";
    }
    return "spec." + field;
  }

  private String upstreamField(int index, String rest) {
    if (rest.equals("maglevTableSize")) {
      return "spec.hashing.maglevTableSize";
    }
    if (rest.equals("connectionsPerNode")) {
      return "spec.proxy.connectionsPerNode";
    }
    if (rest.equals("flushDelay")) {
      return "spec.proxy.flushDelay";
    }
    if (index >= userGroups) {
      String remote = "spec.remotes[" + (index - userGroups) + "]";
      if (rest.startsWith("shards")) {
        return remote + ".endpoint";
      }
      return rest.isEmpty() ? remote : remote + "." + rest;
    }
    if (managedRedis) {
      return rest.startsWith("failover") ? "spec." + rest : "spec.redis";
    }
    return rest.isEmpty()
        ? "spec.upstreams[" + index + "]"
        : "spec.upstreams[" + index + "]." + rest;
  }
}
