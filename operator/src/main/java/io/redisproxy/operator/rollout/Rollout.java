package io.redisproxy.operator.rollout;

import io.redisproxy.operator.rollout.Handover.HandoverException;
import io.redisproxy.operator.rollout.RolloutPlan.Expect;
import io.redisproxy.operator.rollout.RolloutPlan.HandOver;
import io.redisproxy.operator.rollout.RolloutPlan.Restart;
import io.redisproxy.operator.rollout.RolloutPlan.Step;
import io.redisproxy.proxy.route.ReplicationInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out one step of a {@link RolloutPlan}: asks a pod's Redis server before restarting it,
 * moves primary roles, deletes pods. A pod is restarted only when its server confirms what the plan
 * expects of it, so a primary is never restarted on a stale view of roles.
 */
public final class Rollout {
  /** Deletes a Redis pod, for its StatefulSet to recreate it. */
  public interface Pods {
    void delete(String pod);
  }

  /**
   * What the step came to, for the Progressing condition.
   *
   * @param failedHandover whether a primary role was to move and did not: trying again at once
   *     would pause the primary's writes again
   */
  public record Outcome(Step step, String message, boolean failedHandover) {
    Outcome(Step step, String message) {
      this(step, message, false);
    }
  }

  private final RedisRoles roles;
  private final Handover handover;
  private final Pods pods;
  private final Function<String, String> addresses;

  /**
   * @param addresses each pod's Redis address, host:port
   */
  public Rollout(
      RedisRoles roles, Handover handover, Pods pods, Function<String, String> addresses) {
    this.roles = roles;
    this.handover = handover;
    this.pods = pods;
    this.addresses = addresses;
  }

  public Outcome carryOut(Step step) {
    if (step instanceof Restart restart) {
      return restart(restart);
    }
    if (step instanceof HandOver move) {
      return handOver(move);
    }
    return new Outcome(step, step.describe());
  }

  private Outcome restart(Restart restart) {
    if (restart.expect() != Expect.ONLY_POD) {
      Optional<String> objection = objection(restart);
      if (objection.isPresent()) {
        return new Outcome(restart, restart.shard() + ": not restarting " + objection.get());
      }
    }
    pods.delete(restart.pod());
    return new Outcome(restart, restart.describe());
  }

  /** Why the pod's server does not let it be restarted as a replica, if it does not. */
  private Optional<String> objection(Restart restart) {
    Optional<ReplicationInfo> info = roles.replication(addresses.apply(restart.pod()));
    if (info.isEmpty()) {
      return restart.expect() == Expect.REPLICA
          ? Optional.of(restart.pod() + ": its Redis server does not answer")
          : Optional.empty();
    }
    return info.get().isPrimary()
        ? Optional.of(restart.pod() + ": its Redis server says it is a primary")
        : Optional.empty();
  }

  private Outcome handOver(HandOver move) {
    if (roles
        .replication(addresses.apply(move.primary()))
        .filter(ReplicationInfo::isPrimary)
        .isEmpty()) {
      // Its role moved already (or it is down): the sentinels or the cluster have yet to say so.
      return new Outcome(
          move,
          move.shard() + ": waiting for the new primary to be named in place of " + move.primary());
    }
    List<String> replicas = move.replicas().stream().map(addresses).toList();
    try {
      String promoted = handover.handOver(move.shard(), addresses.apply(move.primary()), replicas);
      return new Outcome(
          move,
          move.shard() + ": moved the primary role from " + move.primary() + " to " + promoted);
    } catch (HandoverException e) {
      return new Outcome(
          move,
          move.shard()
              + ": could not move the primary role from "
              + move.primary()
              + ": "
              + e.getMessage(),
          true);
    }
  }
}
