package io.redisproxy.operator.rollout;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The next step of a restart of the Redis pods onto their StatefulSets' update revision, taken one
 * pod at a time in the whole topology: in each shard the replicas first, each waited for until it
 * is ready (a replica's readiness means synced), then the primary's role moves to an updated
 * replica, and only then is the former primary restarted, as a replica. Pure: {@link Rollout}
 * observes the pods and carries the step out.
 */
public final class RolloutPlan {
  private RolloutPlan() {}

  /**
   * A Redis pod as its informer last saw it.
   *
   * @param revision its {@code controller-revision-hash}, or null when it has none yet
   * @param terminating whether it is being deleted
   */
  public record Pod(
      String name, int ordinal, String revision, boolean ready, boolean terminating) {}

  /**
   * A shard's StatefulSet and pods.
   *
   * @param updateRevision the revision pods are to run, or null before the StatefulSet controller
   *     computed it for the current spec
   * @param desiredPods how many pods the shard runs
   * @param pods the shard's pods that exist
   * @param primary the pod its sentinels or Redis Cluster name primary now, or null when they
   *     cannot say (a shard of one pod is its own primary)
   */
  public record Shard(
      String name, String updateRevision, int desiredPods, List<Pod> pods, String primary) {
    Optional<Pod> pod(String podName) {
      return pods.stream().filter(p -> p.name().equals(podName)).findFirst();
    }

    boolean outdated(Pod pod) {
      return pod.revision() != null && !pod.revision().equals(updateRevision);
    }
  }

  /** What to do now. */
  public sealed interface Step {
    /** What the step does or waits for, for the Progressing condition. */
    String describe();
  }

  /** Every pod runs its update revision. */
  public record Done() implements Step {
    @Override
    public String describe() {
      return "every Redis pod runs the current spec";
    }
  }

  /** Nothing can be done safely before something changes. */
  public record Wait(String shard, String reason) implements Step {
    @Override
    public String describe() {
      return shard + ": waiting for " + reason;
    }
  }

  /** What a pod to restart must answer, asked of its Redis server first. */
  public enum Expect {
    /** A ready replica: it must say it is a replica, else it is left alone. */
    REPLICA,
    /** A replica that is not ready: it is restarted unless it answers that it is a primary. */
    DOWN_REPLICA,
    /** The shard's only pod: there is no role to move first. */
    ONLY_POD
  }

  /** Delete the pod so its StatefulSet recreates it at the update revision. */
  public record Restart(String shard, String pod, Expect expect, String why) implements Step {
    @Override
    public String describe() {
      return shard + ": restarting " + pod + " (" + why + ")";
    }
  }

  /** Move the primary role of {@code primary} to one of the updated, ready {@code replicas}. */
  public record HandOver(String shard, String primary, List<String> replicas) implements Step {
    @Override
    public String describe() {
      return shard + ": moving the primary role from " + primary + " to an updated replica";
    }
  }

  /** The next step for {@code shards}, listed in shard order. */
  public static Step next(List<Shard> shards) {
    for (Shard shard : shards) {
      for (Pod pod : shard.pods()) {
        // A pod down at the old spec serves nobody; replacing it is the fix. A primary that is
        // down is the sentinels' or the cluster's to fail over.
        if (pod.ready() || pod.terminating() || !shard.outdated(pod)) {
          continue;
        }
        if (shard.desiredPods() == 1) {
          return new Restart(
              shard.name(), pod.name(), Expect.ONLY_POD, "not ready at the previous spec");
        }
        if (shard.primary() != null && !pod.name().equals(shard.primary())) {
          return new Restart(
              shard.name(), pod.name(), Expect.DOWN_REPLICA, "not ready at the previous spec");
        }
      }
    }
    for (Shard shard : shards) {
      Optional<String> down = down(shard);
      if (down.isPresent()) {
        return new Wait(shard.name(), down.get());
      }
    }
    for (Shard shard : shards) {
      Step step = step(shard);
      if (step != null) {
        return step;
      }
    }
    return new Done();
  }

  /** What keeps the shard from having every pod up, if anything. */
  private static Optional<String> down(Shard shard) {
    if (shard.updateRevision() == null) {
      return Optional.of("its StatefulSet to take the current spec");
    }
    for (Pod pod : shard.pods()) {
      if (pod.terminating()) {
        return Optional.of(pod.name() + " to be replaced");
      }
      if (!pod.ready()) {
        return Optional.of(pod.name() + " to be ready");
      }
    }
    if (shard.pods().size() < shard.desiredPods()) {
      return Optional.of("its pods to be created");
    }
    return Optional.empty();
  }

  /** The step for a shard whose every pod is up, or null when it runs its update revision. */
  private static Step step(Shard shard) {
    List<Pod> outdated = shard.pods().stream().filter(shard::outdated).toList();
    if (outdated.isEmpty()) {
      return null;
    }
    if (shard.pods().size() == 1) {
      return new Restart(
          shard.name(), outdated.get(0).name(), Expect.ONLY_POD, "the shard's only pod");
    }
    String primary = shard.primary();
    if (primary == null || shard.pod(primary).isEmpty()) {
      return new Wait(shard.name(), "its primary to be known");
    }
    Optional<Pod> replica =
        outdated.stream()
            .filter(pod -> !pod.name().equals(primary))
            .max(Comparator.comparingInt(Pod::ordinal));
    if (replica.isPresent()) {
      return new Restart(shard.name(), replica.get().name(), Expect.REPLICA, "a replica");
    }
    List<String> updated =
        shard.pods().stream()
            .filter(pod -> !pod.name().equals(primary) && !shard.outdated(pod))
            .map(Pod::name)
            .toList();
    if (updated.isEmpty()) {
      return new Wait(shard.name(), "a replica at the current spec to take over");
    }
    return new HandOver(shard.name(), primary, updated);
  }
}
