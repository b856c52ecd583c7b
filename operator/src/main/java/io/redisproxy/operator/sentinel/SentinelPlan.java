package io.redisproxy.operator.sentinel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sentinels still need to be told, from what each of them monitors now. Pure: {@link
 * SentinelSetup} reads the sentinels and sends the actions.
 *
 * @param primaries each shard's primary as the sentinels with the newest config epoch name it, by
 *     shard; absent while no sentinel monitors the shard
 * @param healthyReplicas each shard's replicas that could take over, as the sentinels with the
 *     newest config epoch see them
 * @param waitingFor what is not configured yet, or null when every sentinel monitors every shard
 *     and knows the others
 */
public record SentinelPlan(
    List<Action> actions,
    Map<String, String> primaries,
    Map<String, Integer> healthyReplicas,
    String waitingFor) {
  /** A field of a sentinel's view, counted by the setup: replicas up and synced. */
  public static final String HEALTHY_REPLICAS = "healthy-replicas";

  /** One command for one sentinel. */
  public sealed interface Action {
    String sentinel();
  }

  /** {@code SENTINEL MONITOR master host port quorum}. */
  public record Monitor(String sentinel, String master, String primary, int quorum)
      implements Action {}

  /** {@code SENTINEL SET master option value}. */
  public record Set(String sentinel, String master, String option, String value)
      implements Action {}

  /** {@code SENTINEL REMOVE master}: a shard that is no longer part of the topology. */
  public record Remove(String sentinel, String master) implements Action {}

  /** How each shard is to be watched. */
  public record Settings(int quorum, long downAfterMillis, long failoverTimeoutMillis) {
    Map<String, String> options() {
      Map<String, String> options = new LinkedHashMap<>();
      options.put("quorum", String.valueOf(quorum));
      options.put("down-after-milliseconds", String.valueOf(downAfterMillis));
      options.put("failover-timeout", String.valueOf(failoverTimeoutMillis));
      options.put("parallel-syncs", "1");
      return options;
    }
  }

  /**
   * One sentinel's view: the fields of {@code SENTINEL MASTERS} for each master it monitors.
   *
   * @param masters by master name: ip, port, config-epoch, quorum, down-after-milliseconds, ...
   */
  public record View(Map<String, Map<String, String>> masters) {}

  /**
   * The plan for {@code sentinels} (each with its view, or none when it did not answer) to monitor
   * every master of {@code masters}, where {@code fallbackPrimaries} gives the primary to start
   * monitoring when no sentinel names one yet.
   */
  public static SentinelPlan next(
      List<String> masters,
      Map<String, String> fallbackPrimaries,
      Settings settings,
      Map<String, View> sentinels) {
    Map<String, String> primaries = new LinkedHashMap<>();
    Map<String, Integer> healthy = new LinkedHashMap<>();
    for (String master : masters) {
      Map<String, String> newest = newest(master, sentinels);
      if (newest != null) {
        primaries.put(master, newest.get("ip") + ":" + newest.get("port"));
        healthy.put(master, Integer.parseInt(newest.getOrDefault(HEALTHY_REPLICAS, "0")));
      }
    }
    List<Action> actions = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (Map.Entry<String, View> entry : sentinels.entrySet()) {
      String sentinel = entry.getKey();
      View view = entry.getValue();
      if (view == null) {
        waiting.add(sentinel + " to answer");
        continue;
      }
      for (String master : masters) {
        Map<String, String> fields = view.masters().get(master);
        if (fields == null) {
          String primary = primaries.getOrDefault(master, fallbackPrimaries.get(master));
          actions.add(new Monitor(sentinel, master, primary, settings.quorum()));
          settings.options().entrySet().stream()
              .filter(option -> !option.getKey().equals("quorum"))
              .forEach(
                  option ->
                      actions.add(new Set(sentinel, master, option.getKey(), option.getValue())));
          waiting.add(sentinel + " to monitor " + master);
          continue;
        }
        for (Map.Entry<String, String> option : settings.options().entrySet()) {
          if (!option.getValue().equals(fields.get(option.getKey()))) {
            actions.add(new Set(sentinel, master, option.getKey(), option.getValue()));
          }
        }
        // Sentinels find each other through the primaries they watch; no failover without them.
        String peers = fields.get("num-other-sentinels");
        if (peers != null && Integer.parseInt(peers) < sentinels.size() - 1) {
          waiting.add(sentinel + " to find the other sentinels watching " + master);
        }
      }
      for (String monitored : view.masters().keySet()) {
        if (!masters.contains(monitored)) {
          actions.add(new Remove(sentinel, monitored));
        }
      }
    }
    return new SentinelPlan(
        List.copyOf(actions),
        Collections.unmodifiableMap(primaries),
        Collections.unmodifiableMap(healthy),
        waiting.isEmpty() ? null : String.join(", ", waiting));
  }

  /** Whether every sentinel answered, monitors every shard and knows every other sentinel. */
  public boolean configured() {
    return waitingFor == null;
  }

  /**
   * What keeps a dead primary from being failed over: sentinels not ready, or shards without a
   * replica to take over; null when every shard can fail over.
   */
  public String problem() {
    if (waitingFor != null) {
      return "waiting for " + waitingFor;
    }
    List<String> alone =
        healthyReplicas.entrySet().stream()
            .filter(shard -> shard.getValue() == 0)
            .map(Map.Entry::getKey)
            .toList();
    return alone.isEmpty()
        ? null
        : String.join(", ", alone)
            + (alone.size() == 1 ? " has" : " have")
            + " no healthy replica: a failure of "
            + (alone.size() == 1 ? "its primary" : "their primaries")
            + " cannot be failed over";
  }

  private static Map<String, String> newest(String master, Map<String, View> sentinels) {
    Map<String, String> newest = null;
    for (View view : sentinels.values()) {
      Map<String, String> fields = view != null ? view.masters().get(master) : null;
      if (fields != null && (newest == null || epoch(fields) > epoch(newest))) {
        newest = fields;
      }
    }
    return newest;
  }

  private static long epoch(Map<String, String> fields) {
    String epoch = fields.get("config-epoch");
    return epoch != null ? Long.parseLong(epoch) : 0;
  }
}
