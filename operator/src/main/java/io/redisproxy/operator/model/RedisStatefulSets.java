package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicyBuilder;
import io.redisproxy.operator.api.v1alpha1.StorageSpec;
import io.redisproxy.operator.api.v1alpha1.VolumeRetention;
import io.redisproxy.operator.api.v1alpha1.VolumeRetentionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One StatefulSet per shard: pod 0 starts as the primary, the others as its replicas, each pod with
 * a proxy sidecar that serves the whole keyspace. Its pods are updated only when the operator
 * deletes them (see {@code rollout.RolloutPlan}).
 */
public final class RedisStatefulSets {
  private RedisStatefulSets() {}

  /** Every shard's StatefulSet, shard 0 first. */
  public static List<StatefulSet> desired(RedisProxyModel model) {
    List<StatefulSet> statefulSets = new ArrayList<>();
    for (int shard = 0; shard < model.shards(); shard++) {
      statefulSets.add(shard(model, shard));
    }
    return statefulSets;
  }

  static StatefulSet shard(RedisProxyModel model, int shard) {
    ResourceNames names = model.names();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(names.shardStatefulSet(shard))
        .withNamespace(names.namespace())
        .withLabels(names.shardLabels(shard))
        .endMetadata()
        .withNewSpec()
        .withServiceName(names.headlessService())
        .withReplicas(model.podsPerShard())
        // Replicas retry until their primary answers, so pods need not wait for each other.
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(names.shardSelector(shard))
        .endSelector()
        // The operator restarts the pods itself, replicas first and a primary only once its role
        // has moved; a rolling update would restart primaries under their clients' writes.
        .withNewUpdateStrategy()
        .withType("OnDelete")
        .endUpdateStrategy()
        .withTemplate(podTemplate(model, shard))
        .withVolumeClaimTemplates(
            model
                .storage()
                .map(storage -> dataClaim(storage, storage.getSize().toString()))
                .stream()
                .toList())
        .withPersistentVolumeClaimRetentionPolicy(
            model.storage().map(RedisStatefulSets::retention).orElse(null))
        .endSpec()
        .build();
  }

  private static PodTemplateSpec podTemplate(RedisProxyModel model, int shard) {
    ResourceNames names = model.names();
    PodTemplateSpecBuilder template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(names.shardLabels(shard))
            .addToAnnotations(ResourceNames.RESTART_HASH_ANNOTATION, RestartHash.of(model))
            .endMetadata()
            .withNewSpec()
            .withContainers(Containers.redis(model, shard), Containers.proxy(model))
            .withSecurityContext(Containers.podSecurity(Containers.REDIS_UID))
            .withAffinity(Placement.redisAffinity(model, shard))
            .withTopologySpreadConstraints(Placement.redisSpread(model))
            .withEnableServiceLinks(false)
            .withAutomountServiceAccountToken(false)
            .addToVolumes(
                Containers.configVolume(model), Containers.emptyDir(Containers.TMP_VOLUME))
            .addAllToVolumes(model.secretVolumes())
            .addAllToVolumes(Containers.redisTlsVolume(model))
            .endSpec();
    if (model.storage().isEmpty()) {
      template.editSpec().addToVolumes(Containers.emptyDir(Containers.DATA_VOLUME)).endSpec();
    }
    return template.build();
  }

  /** The claim template of the data volume, of {@code size} in the spec's storage class. */
  static PersistentVolumeClaim dataClaim(StorageSpec storage, String size) {
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(Containers.DATA_VOLUME)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storage.getStorageClassName())
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  private static StatefulSetPersistentVolumeClaimRetentionPolicy retention(StorageSpec storage) {
    VolumeRetentionSpec retention =
        storage.getRetention() != null ? storage.getRetention() : new VolumeRetentionSpec();
    return new StatefulSetPersistentVolumeClaimRetentionPolicyBuilder()
        .withWhenDeleted(policy(retention.getWhenDeleted()))
        .withWhenScaled(policy(retention.getWhenScaled()))
        .build();
  }

  private static String policy(VolumeRetention retention) {
    return (retention != null ? retention : VolumeRetention.Retain).name();
  }
}
