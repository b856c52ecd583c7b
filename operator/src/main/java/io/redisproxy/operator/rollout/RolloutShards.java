package io.redisproxy.operator.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/** The shards as a {@link RolloutPlan} sees them, from the StatefulSets and pods informed of. */
public final class RolloutShards {
  /** The label the StatefulSet controller puts on each pod: the revision it was created at. */
  static final String REVISION_LABEL = "controller-revision-hash";

  private RolloutShards() {}

  /**
   * @param primaries the pod each shard's sentinels or Redis Cluster name primary now, if known
   * @param deleted the uid of each pod the operator deleted, by pod name: a pod still shown with
   *     that uid is being replaced, even before its informer says so
   */
  public static List<RolloutPlan.Shard> of(
      RedisProxyModel model,
      Collection<StatefulSet> statefulSets,
      Collection<Pod> pods,
      IntFunction<Optional<String>> primaries,
      Map<String, String> deleted) {
    ResourceNames names = model.names();
    List<RolloutPlan.Shard> shards = new ArrayList<>();
    for (int shard = 0; shard < model.shards(); shard++) {
      String statefulSetName = names.shardStatefulSet(shard);
      String updateRevision =
          statefulSets.stream()
              .filter(s -> statefulSetName.equals(s.getMetadata().getName()))
              .findFirst()
              .map(RolloutShards::updateRevision)
              .orElse(null);
      List<RolloutPlan.Pod> shardPods = new ArrayList<>();
      for (int ordinal = 0; ordinal < model.podsPerShard(); ordinal++) {
        String name = names.redisPod(shard, ordinal);
        int index = ordinal;
        pods.stream()
            .filter(pod -> name.equals(pod.getMetadata().getName()))
            .findFirst()
            .ifPresent(pod -> shardPods.add(pod(pod, index, deleted)));
      }
      shards.add(
          new RolloutPlan.Shard(
              names.shardName(shard),
              updateRevision,
              model.podsPerShard(),
              shardPods,
              primaries.apply(shard).orElse(null)));
    }
    return shards;
  }

  /** The revision the controller computed for the StatefulSet's current spec, if it has. */
  private static String updateRevision(StatefulSet statefulSet) {
    StatefulSetStatus status = statefulSet.getStatus();
    if (status == null
        || status.getObservedGeneration() == null
        || !status.getObservedGeneration().equals(statefulSet.getMetadata().getGeneration())) {
      return null;
    }
    return status.getUpdateRevision();
  }

  private static RolloutPlan.Pod pod(Pod pod, int ordinal, Map<String, String> deleted) {
    String name = pod.getMetadata().getName();
    Map<String, String> labels = pod.getMetadata().getLabels();
    boolean ready =
        pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean terminating =
        pod.getMetadata().getDeletionTimestamp() != null
            || Objects.equals(deleted.get(name), pod.getMetadata().getUid());
    return new RolloutPlan.Pod(
        name, ordinal, labels != null ? labels.get(REVISION_LABEL) : null, ready, terminating);
  }
}
