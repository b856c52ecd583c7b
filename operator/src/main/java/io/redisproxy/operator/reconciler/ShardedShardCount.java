package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import java.util.Collection;
import java.util.Optional;

/**
 * A running topology of mode Sharded keeps the shards it has until keys can move between them: a
 * new shard would take its share of the hash ring at once, so the keys it takes would look lost on
 * an empty server, and a removed shard would take its keys with it. Pure.
 */
final class ShardedShardCount {
  /**
   * @param running how many shards the topology keeps
   * @param message why, for the condition and the event
   */
  record Kept(int running, String message) {}

  private ShardedShardCount() {}

  /** The shard count kept, when the spec asks a running Sharded topology for another one. */
  static Optional<Kept> kept(RedisProxyModel model, Collection<StatefulSet> statefulSets) {
    if (!model.managesRedis() || model.clusterMode()) {
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
                + " shards, but the running topology keeps its "
                + running
                + ": in mode Sharded keys do not move between shards yet, so a shard added would"
                + " hide the keys the hash ring gives it and a shard removed would take its keys"
                + " along (set shards back to "
                + running
                + ", or use mode Cluster, whose slots move online)"));
  }
}
