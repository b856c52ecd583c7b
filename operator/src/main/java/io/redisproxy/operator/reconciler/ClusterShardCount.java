package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import java.util.Collection;
import java.util.Optional;

/**
 * A running Redis Cluster keeps the shards it has: a new shard would wait forever for slots, and
 * deleting one would delete the slots it holds, data and all. Until slots move online, a change of
 * {@code shards} is not carried out and a condition says so. Pure.
 */
final class ClusterShardCount {
  /**
   * @param running how many shards the cluster keeps
   * @param message why, for the condition
   */
  record Kept(int running, String message) {}

  private ClusterShardCount() {}

  /** The shard count kept, when the spec asks a running cluster for another one. */
  static Optional<Kept> kept(RedisProxyModel model, Collection<StatefulSet> statefulSets) {
    if (!model.clusterMode()) {
      return Optional.empty();
    }
    long running =
        statefulSets.stream()
            .filter(
                s ->
                    ResourceNames.REDIS_COMPONENT.equals(
                        s.getMetadata().getLabels().get(ResourceNames.COMPONENT_LABEL)))
            .count();
    if (running == 0 || running == model.shards()) {
      return Optional.empty();
    }
    return Optional.of(
        new Kept(
            (int) running,
            "spec.redis.shards asks for "
                + model.shards()
                + " shards, but the running Redis Cluster keeps its "
                + running
                + ": moving slots to new shards or off removed ones is not done yet (move them"
                + " with redis-cli --cluster reshard, or set shards back to "
                + running
                + ")"));
  }
}
