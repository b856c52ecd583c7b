package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Kubernetes-style conditions whose transition time moves only when the status flips. */
final class Conditions {
  static final String VALID = "Valid";
  static final String READY = "Ready";
  static final String PROGRESSING = "Progressing";
  static final String DEGRADED = "Degraded";

  /** Only on resources that mirror: whether every proxy reaches every target and drops nothing. */
  static final String MIRRORING = "Mirroring";

  /**
   * Only where sentinels fail primaries over: whether a dead primary would be failed over now (the
   * sentinels watch every shard and know each other, and every shard has a healthy replica).
   */
  static final String FAILOVER = "Failover";

  /**
   * Only for Redis the operator runs: whether one zone's loss leaves every shard a copy, from the
   * zones the spec names and the zones the scheduled pods run in.
   */
  static final String ZONE_REDUNDANT = "ZoneRedundant";

  /**
   * Only in mode Cluster: whether the cluster runs the shards the spec asks for; a change of their
   * number on a running cluster is not carried out (slots do not move online yet).
   */
  static final String SHARD_COUNT = "ShardCount";

  /**
   * Only where the spec asks for a PodMonitor: whether the cluster serves the Prometheus Operator's
   * API, so the operator keeps one.
   */
  static final String MONITORING = "Monitoring";

  private Conditions() {}

  /** {@code conditions} with {@code type} set; the others are kept in their order. */
  static List<Condition> with(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      Instant now) {
    String statusText = status ? "True" : "False";
    Optional<Condition> previous = find(conditions, type);
    String transition =
        previous
            .filter(c -> statusText.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition condition =
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusText)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    List<Condition> updated = new ArrayList<>(conditions != null ? conditions : List.of());
    updated.removeIf(c -> type.equals(c.getType()));
    int at = previous.map(conditions::indexOf).orElse(updated.size());
    updated.add(at, condition);
    return updated;
  }

  /** {@code conditions} without {@code type}, for a condition the spec no longer asks about. */
  static List<Condition> without(List<Condition> conditions, String type) {
    List<Condition> updated = new ArrayList<>(conditions != null ? conditions : List.of());
    updated.removeIf(c -> type.equals(c.getType()));
    return updated;
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
