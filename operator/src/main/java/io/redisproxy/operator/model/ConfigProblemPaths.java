package io.redisproxy.operator.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a problem the proxy's config validator found in a rendered config so that it names the
 * RedisProxy field the user wrote, as in {@code spec.hashing.maglevTableSize: must be a prime}.
 */
final class ConfigProblemPaths {
  private static final Pattern UPSTREAM_FIELD = Pattern.compile("upstreams\\[\\d+\\]\\.?(.*)");

  private ConfigProblemPaths() {}

  static String toSpecProblem(String problem, boolean managedRedis) {
    int colon = problem.indexOf(": ");
    if (colon < 0) {
      return "spec: " + problem;
    }
    String field = problem.substring(0, colon);
    return specField(field, managedRedis) + problem.substring(colon);
  }

  private static String specField(String field, boolean managedRedis) {
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
      String rest = upstream.group(1);
      if (rest.equals("maglevTableSize")) {
        return "spec.hashing.maglevTableSize";
      }
      if (rest.equals("connectionsPerNode")) {
        return "spec.proxy.connectionsPerNode";
      }
    }
    if (managedRedis && field.startsWith("upstreams")) {
      return "spec.redis";
    }
    return "spec." + field;
  }
}
