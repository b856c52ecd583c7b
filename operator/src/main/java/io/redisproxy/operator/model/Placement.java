package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where pods go: only in the listed zones, spread evenly over zones and nodes, and a shard's pods
 * apart from each other so one zone's loss leaves each shard a copy.
 */
final class Placement {
  static final String HOSTNAME_KEY = "kubernetes.io/hostname";

  private Placement() {}

  /**
   * A shard's pods apart: in different zones when the spec names at least as many zones as a shard
   * has pods (required, so one zone's loss always leaves the shard a copy), else in different zones
   * as far as they go; on different nodes where possible.
   */
  static Affinity redisAffinity(RedisProxyModel model, int shard) {
    Map<String, String> shardPods = model.names().shardSelector(shard);
    PodAntiAffinityBuilder apart = new PodAntiAffinityBuilder();
    if (model.zonesHoldEveryCopy()) {
      apart
          .withRequiredDuringSchedulingIgnoredDuringExecution(
              new PodAffinityTermBuilder()
                  .withTopologyKey(model.topologyKey())
                  .withLabelSelector(selector(shardPods))
                  .build())
          .withPreferredDuringSchedulingIgnoredDuringExecution(
              preferApart(50, HOSTNAME_KEY, shardPods));
    } else {
      apart.withPreferredDuringSchedulingIgnoredDuringExecution(
          preferApart(100, model.topologyKey(), shardPods),
          preferApart(50, HOSTNAME_KEY, shardPods));
    }
    return new AffinityBuilder()
        .withNodeAffinity(zoneAffinity(model))
        .withPodAntiAffinity(apart.build())
        .build();
  }

  static Affinity proxyAffinity(RedisProxyModel model) {
    PodAntiAffinity apart =
        new PodAntiAffinityBuilder()
            .withPreferredDuringSchedulingIgnoredDuringExecution(
                preferApart(
                    100, HOSTNAME_KEY, model.names().selector(ResourceNames.PROXY_COMPONENT)))
            .build();
    return new AffinityBuilder()
        .withNodeAffinity(zoneAffinity(model))
        .withPodAntiAffinity(apart)
        .build();
  }

  /**
   * Redis pods spread over zones per ordinal: the primaries (ordinal 0) balance among themselves,
   * and so does each rank of replicas.
   */
  static List<TopologySpreadConstraint> redisSpread(RedisProxyModel model) {
    Map<String, String> redisPods = model.names().selector(ResourceNames.REDIS_COMPONENT);
    return List.of(
        new TopologySpreadConstraintBuilder()
            .withMaxSkew(1)
            .withTopologyKey(model.topologyKey())
            .withWhenUnsatisfiable("ScheduleAnyway")
            .withLabelSelector(selector(redisPods))
            .withMatchLabelKeys(ResourceNames.POD_INDEX_LABEL)
            .build(),
        spread(HOSTNAME_KEY, redisPods));
  }

  /** Sentinels apart from each other: a zone's loss must leave a majority of them. */
  static Affinity sentinelAffinity(RedisProxyModel model) {
    Map<String, String> sentinels = model.names().selector(ResourceNames.SENTINEL_COMPONENT);
    PodAntiAffinity apart =
        new PodAntiAffinityBuilder()
            .withPreferredDuringSchedulingIgnoredDuringExecution(
                preferApart(100, model.topologyKey(), sentinels),
                preferApart(50, HOSTNAME_KEY, sentinels))
            .build();
    return new AffinityBuilder()
        .withNodeAffinity(zoneAffinity(model))
        .withPodAntiAffinity(apart)
        .build();
  }

  static List<TopologySpreadConstraint> sentinelSpread(RedisProxyModel model) {
    Map<String, String> sentinels = model.names().selector(ResourceNames.SENTINEL_COMPONENT);
    return List.of(spread(model.topologyKey(), sentinels), spread(HOSTNAME_KEY, sentinels));
  }

  static List<TopologySpreadConstraint> proxySpread(RedisProxyModel model) {
    Map<String, String> proxyPods = model.names().selector(ResourceNames.PROXY_COMPONENT);
    return List.of(spread(model.topologyKey(), proxyPods), spread(HOSTNAME_KEY, proxyPods));
  }

  private static NodeAffinity zoneAffinity(RedisProxyModel model) {
    if (model.zones().isEmpty()) {
      return null;
    }
    return new NodeAffinityBuilder()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(model.topologyKey())
        .withOperator("In")
        .withValues(new ArrayList<>(model.zones()))
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .build();
  }

  private static WeightedPodAffinityTerm preferApart(
      int weight, String topologyKey, Map<String, String> pods) {
    return new WeightedPodAffinityTermBuilder()
        .withWeight(weight)
        .withNewPodAffinityTerm()
        .withTopologyKey(topologyKey)
        .withLabelSelector(selector(pods))
        .endPodAffinityTerm()
        .build();
  }

  private static TopologySpreadConstraint spread(String topologyKey, Map<String, String> pods) {
    return new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(topologyKey)
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withLabelSelector(selector(pods))
        .build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
