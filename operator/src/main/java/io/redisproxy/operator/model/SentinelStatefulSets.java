package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;

/**
 * The sentinels of a Sharded topology with replicas: one StatefulSet, spread over zones and nodes,
 * each pod keeping its sentinel state on a volume of its own when the Redis pods have volumes.
 */
public final class SentinelStatefulSets {
  /** A sentinel's state is a few lines; the smallest volume most storage classes offer. */
  static final String STATE_SIZE = "1Gi";

  private SentinelStatefulSets() {}

  /** The sentinels' StatefulSet, or none when nothing needs sentinels. */
  public static List<StatefulSet> desired(RedisProxyModel model) {
    return model.sentinels() ? List.of(statefulSet(model)) : List.of();
  }

  private static StatefulSet statefulSet(RedisProxyModel model) {
    ResourceNames names = model.names();
    StatefulSetBuilder builder =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName(names.sentinelStatefulSet())
            .withNamespace(names.namespace())
            .withLabels(names.labels(ResourceNames.SENTINEL_COMPONENT))
            .endMetadata()
            .withNewSpec()
            .withServiceName(names.headlessService())
            .withReplicas(model.sentinelCount())
            .withPodManagementPolicy("Parallel")
            .withNewSelector()
            .withMatchLabels(names.selector(ResourceNames.SENTINEL_COMPONENT))
            .endSelector()
            .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .endUpdateStrategy()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(names.labels(ResourceNames.SENTINEL_COMPONENT))
            .endMetadata()
            .withNewSpec()
            .withContainers(Containers.sentinel(model))
            .withSecurityContext(Containers.podSecurity(Containers.REDIS_UID))
            .withAffinity(Placement.sentinelAffinity(model))
            .withTopologySpreadConstraints(Placement.sentinelSpread(model))
            .withEnableServiceLinks(false)
            .withAutomountServiceAccountToken(false)
            .addAllToVolumes(Containers.redisTlsVolume(model))
            .endSpec()
            .endTemplate()
            .withVolumeClaimTemplates(
                model
                    .storage()
                    .map(storage -> RedisStatefulSets.dataClaim(storage, STATE_SIZE))
                    .stream()
                    .toList())
            .endSpec();
    if (model.storage().isEmpty()) {
      builder
          .editSpec()
          .editTemplate()
          .editSpec()
          .addToVolumes(Containers.emptyDir(Containers.DATA_VOLUME))
          .endSpec()
          .endTemplate()
          .endSpec();
    }
    return builder.build();
  }
}
