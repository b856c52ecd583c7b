package io.redisproxy.operator.reconciler;

import io.redisproxy.operator.api.v1alpha1.MirrorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mirror health from the proxies' own metrics ({@code /metrics}, Prometheus text): per target, how
 * many proxies are connected, what they buffer, the oldest lag and what they dropped. Pure.
 */
final class MirrorHealth {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^redisproxy_mirror_(connected|buffered_commands|lag_seconds|dropped_total)\\{[^}]*"
              + "mirror=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)");

  private MirrorHealth() {}

  /** One proxy's samples, by target then metric. */
  static Map<String, Map<String, Double>> parse(String metrics) {
    Map<String, Map<String, Double>> byTarget = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (sample.find()) {
        byTarget
            .computeIfAbsent(sample.group(2), target -> new TreeMap<>())
            .put(sample.group(1), Double.parseDouble(sample.group(3)));
      }
    }
    return byTarget;
  }

  /** The status of every target over the proxies that answered, in name order. */
  static List<MirrorStatus> summarize(List<Map<String, Map<String, Double>>> proxies) {
    Map<String, MirrorStatus> byTarget = new TreeMap<>();
    Map<String, int[]> connected = new TreeMap<>();
    for (Map<String, Map<String, Double>> proxy : proxies) {
      proxy.forEach(
          (target, samples) -> {
            MirrorStatus status =
                byTarget.computeIfAbsent(
                    target,
                    name -> {
                      MirrorStatus fresh = new MirrorStatus();
                      fresh.setName(name);
                      fresh.setBufferedCommands(0L);
                      fresh.setDropped(0L);
                      fresh.setLagSeconds(0.0);
                      return fresh;
                    });
            int[] counts = connected.computeIfAbsent(target, name -> new int[2]);
            counts[1]++;
            counts[0] += samples.getOrDefault("connected", 0.0) >= 1 ? 1 : 0;
            status.setBufferedCommands(
                status.getBufferedCommands()
                    + samples.getOrDefault("buffered_commands", 0.0).longValue());
            status.setDropped(
                status.getDropped() + samples.getOrDefault("dropped_total", 0.0).longValue());
            status.setLagSeconds(
                Math.max(status.getLagSeconds(), samples.getOrDefault("lag_seconds", 0.0)));
          });
    }
    List<MirrorStatus> statuses = new ArrayList<>();
    byTarget.forEach(
        (target, status) -> {
          int[] counts = connected.get(target);
          status.setConnected(counts[0] + "/" + counts[1]);
          statuses.add(status);
        });
    return statuses;
  }

  /** Why mirroring is not healthy, or null when every target is connected and nothing dropped. */
  static String problem(List<MirrorStatus> mirrors) {
    List<String> problems = new ArrayList<>();
    for (MirrorStatus mirror : mirrors) {
      String[] connected = mirror.getConnected().split("/");
      List<String> issues = new ArrayList<>();
      if (!connected[0].equals(connected[1])) {
        issues.add("connected on " + mirror.getConnected() + " proxies");
      }
      if (mirror.getDropped() > 0) {
        issues.add(mirror.getDropped() + " commands dropped (replay buffer full)");
      }
      if (!issues.isEmpty()) {
        issues.add(mirror.getBufferedCommands() + " buffered");
        problems.add(mirror.getName() + ": " + String.join(", ", issues));
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
