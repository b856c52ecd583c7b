package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets node drains take one pod at a time where losing two would hurt: per shard (a drain never
 * takes a shard's primary and its replica together), the sentinels (their quorum), or the proxy
 * tier.
 */
public final class PodDisruptionBudgets {
  private PodDisruptionBudgets() {}

  public static List<PodDisruptionBudget> desired(RedisProxyModel model) {
    ResourceNames names = model.names();
    List<PodDisruptionBudget> budgets = new ArrayList<>();
    if (!model.managesRedis()) {
      budgets.add(
          oneAtATime(
              model,
              names.podDisruptionBudget(),
              names.labels(ResourceNames.PROXY_COMPONENT),
              names.selector(ResourceNames.PROXY_COMPONENT)));
      return budgets;
    }
    for (int shard = 0; shard < model.shards(); shard++) {
      budgets.add(
          oneAtATime(
              model,
              names.shardStatefulSet(shard),
              names.shardLabels(shard),
              names.shardSelector(shard)));
    }
    if (model.sentinels()) {
      budgets.add(
          oneAtATime(
              model,
              names.sentinelStatefulSet(),
              names.labels(ResourceNames.SENTINEL_COMPONENT),
              names.selector(ResourceNames.SENTINEL_COMPONENT)));
    }
    return budgets;
  }

  private static PodDisruptionBudget oneAtATime(
      RedisProxyModel model, String name, Map<String, String> labels, Map<String, String> pods) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(model.names().namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(pods)
        .endSelector()
        .endSpec()
        .build();
  }
}
