package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.redisproxy.operator.api.v1alpha1.SlotMoveStatus;
import io.redisproxy.operator.cluster.ClusterPlan;
import io.redisproxy.operator.cluster.SlotMover;
import io.redisproxy.operator.model.ResourceNames;
import java.util.Collection;
import java.util.Optional;

/**
 * What a change of {@code shards} comes to in mode Cluster. A new shard's StatefulSet is created at
 * once and slots move to it once it has joined; a shard that goes keeps its StatefulSet until every
 * slot has left it and the others have forgotten its servers. Pure.
 *
 * @param desired the shards the spec asks for
 * @param running the shards whose StatefulSets exist
 */
record ClusterScaling(int desired, int running) {

  static ClusterScaling of(int desired, Collection<StatefulSet> statefulSets) {
    long running =
        statefulSets.stream()
            .filter(
                s ->
                    ResourceNames.REDIS_COMPONENT.equals(
                        s.getMetadata().getLabels().get(ResourceNames.COMPONENT_LABEL)))
            .count();
    return new ClusterScaling(desired, (int) running);
  }

  /** The shards whose servers exist while slots move: those that go are still there. */
  int present() {
    return Math.max(desired, running);
  }

  /** The shard count the model is built with: the shards that go stay until emptied. */
  int kept(Optional<SlotMover.Progress> progress) {
    return progress.filter(SlotMover.Progress::done).isPresent() ? desired : present();
  }

  /** Whether the cluster's servers are as the spec asks, slots spread evenly over them. */
  boolean asSpecified(Optional<SlotMover.Progress> progress, Optional<SlotMoveStatus> previous) {
    if (progress.isPresent()) {
      return progress.get().done();
    }
    // Not formed: a move already under way is still under way, a new shard count not yet begun.
    return running == 0 || (running == desired && previous.isEmpty());
  }

  /** The progress to report: slots moved add up while the shards aimed at stay the same. */
  Optional<SlotMoveStatus> slotMove(
      Optional<SlotMover.Progress> progress, Optional<SlotMoveStatus> previous) {
    if (asSpecified(progress, previous)) {
      return Optional.empty();
    }
    int moved =
        previous
            .filter(p -> Integer.valueOf(desired).equals(p.getShards()))
            .map(SlotMoveStatus::getSlotsMoved)
            .orElse(0);
    int toMove =
        progress
            .map(SlotMover.Progress::slotsToMove)
            .filter(n -> n >= 0)
            .or(
                () ->
                    previous
                        .filter(p -> Integer.valueOf(desired).equals(p.getShards()))
                        .map(SlotMoveStatus::getSlotsToMove))
            .orElse(-1);
    return Optional.of(
        new SlotMoveStatus(
            desired, toMove, moved + progress.map(SlotMover.Progress::slotsMoved).orElse(0)));
  }

  /** For the ShardCount condition. */
  String message(
      ClusterPlan plan, Optional<SlotMover.Progress> progress, Optional<SlotMoveStatus> status) {
    if (status.isEmpty()) {
      return "The Redis Cluster runs the shards the spec asks for, its slots spread evenly";
    }
    String counts =
        status.get().getSlotsToMove() >= 0
            ? status.get().getSlotsToMove()
                + " slots to move, "
                + status.get().getSlotsMoved()
                + " moved"
            : status.get().getSlotsMoved() + " slots moved";
    String waiting = progress.map(SlotMover.Progress::waitingFor).orElse(plan.waitingFor());
    return "Moving slots to spread them evenly over "
        + desired
        + " shards ("
        + counts
        + "): "
        + waiting
        + ". A change of spec.redis.shards meanwhile takes effect once the slot being moved has"
        + " moved; the servers of shards that go are removed once no slot is left on them";
  }
}
