package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisStatefulSetsTest {

  @Test
  void oneStatefulSetPerShardWithAPrimaryAndItsReplicas() {
    List<StatefulSet> shards =
        RedisStatefulSets.desired(Fixtures.model("redis: {shards: 3, replicasPerShard: 2}"));

    assertThat(shards)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("cache-shard-0", "cache-shard-1", "cache-shard-2");
    StatefulSet shard1 = shards.get(1);
    assertThat(shard1.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(shard1.getSpec().getReplicas()).isEqualTo(3);
    assertThat(shard1.getSpec().getServiceName()).isEqualTo("cache-redis");
    assertThat(shard1.getSpec().getSelector().getMatchLabels())
        .containsEntry("redisproxy.io/shard", "shard-1")
        .containsEntry("app.kubernetes.io/instance", "cache");
    assertThat(shard1.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(shard1.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/managed-by", "redis-proxy-operator");
  }

  @Test
  void podsAreUpdatedOnlyWhenTheOperatorDeletesThem() {
    for (StatefulSet shard : RedisStatefulSets.desired(Fixtures.model("redis: {shards: 2}"))) {
      assertThat(shard.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    }
  }

  @Test
  void replicasReplicateThePrimaryTheSentinelsName() {
    StatefulSet shard = shard("redis: {shards: 2}", 1);
    Container redis = container(shard, "redis");

    assertThat(redis.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("POD_NAME");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.name");
            });
    String start = String.join(" ", redis.getCommand());
    assertThat(start)
        .contains("redis-server /etc/redis-proxy/redis.conf")
        .contains("SENTINEL get-master-addr-by-name shard-1")
        .contains("cache-sentinel-2.cache-redis.shop.svc")
        .contains("--replica-announce-ip \"$me\" --replicaof \"$primary\" 6379")
        // Without an answer from the sentinels or the pods, the first pod starts as primary.
        .contains("primary=\"cache-shard-1-0.cache-redis.shop.svc\"");
  }

  @Test
  void aShardWithoutReplicasIsItsOnePrimary() {
    String start =
        String.join(
            " ",
            container(shard("redis: {shards: 2, replicasPerShard: 0}", 1), "redis").getCommand());
    assertThat(start)
        .endsWith("exec redis-server /etc/redis-proxy/redis.conf")
        .doesNotContain("replicaof");
  }

  @Test
  void replicasAreReadyOnlyOnceTheirFirstSyncIsDone() {
    Container redis = container(shard(Fixtures.MINIMAL_MANAGED, 0), "redis");
    String probe = String.join(" ", redis.getReadinessProbe().getExec().getCommand());
    assertThat(probe)
        .contains("info replication")
        .contains("master_link_status:up")
        .contains("master_sync_in_progress:1");
  }

  @Test
  void aForcedTransportIsPassedToTheSidecarAndAutoLeavesTheDefault() {
    String managed = "redis: {shards: 1}\nproxy: {transport: %s}";
    assertThat(container(shard(managed.formatted("epoll"), 0), "proxy").getArgs())
        .containsExactly("--config", "/etc/redis-proxy/proxy.yaml", "--transport", "epoll");
    assertThat(container(shard(managed.formatted("auto"), 0), "proxy").getArgs())
        .containsExactly("--config", "/etc/redis-proxy/proxy.yaml");
  }

  @Test
  void everyRedisPodRunsTheProxySidecarWithTheConfigDirectory() {
    StatefulSet shard = shard(Fixtures.MINIMAL_MANAGED, 0);
    Container proxy = container(shard, "proxy");

    assertThat(proxy.getImage()).isEqualTo("example.org/redis-proxy:1.0");
    assertThat(proxy.getArgs()).containsExactly("--config", "/etc/redis-proxy/proxy.yaml");
    assertThat(proxy.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("proxy:6380", "admin:9121");
    assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    for (Container container : pod(shard).getContainers()) {
      VolumeMount config =
          container.getVolumeMounts().stream()
              .filter(m -> m.getName().equals("config"))
              .findFirst()
              .orElseThrow();
      assertThat(config.getMountPath()).isEqualTo("/etc/redis-proxy");
      assertThat(config.getSubPath()).as("a subPath mount never sees updates").isNull();
    }
    Volume config = volume(shard, "config");
    assertThat(config.getConfigMap().getName()).isEqualTo("cache-config");
  }

  @Test
  void redisIsProbedWithPing() {
    Container redis = container(shard(Fixtures.MINIMAL_MANAGED, 0), "redis");
    assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand()))
        .contains("redis-cli -p 6379 ping | grep -q PONG");
    assertThat(redis.getLivenessProbe().getExec().getCommand())
        .containsExactly("sh", "-c", "redis-cli -p 6379 ping");
    assertThat(redis.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(6379);
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootFilesystem() {
    StatefulSet shard = shard(Fixtures.MINIMAL_MANAGED, 0);
    PodSpec pod = pod(shard);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getContainers())
        .allSatisfy(
            container -> {
              var security = container.getSecurityContext();
              assertThat(security.getRunAsNonRoot()).isTrue();
              assertThat(security.getRunAsUser()).isPositive();
              assertThat(security.getReadOnlyRootFilesystem()).isTrue();
              assertThat(security.getAllowPrivilegeEscalation()).isFalse();
              assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            });
  }

  @Test
  void imagesAndResourcesComeFromTheSpec() {
    StatefulSet shard =
        shard(
            """
            redis:
              shards: 1
              image: redis:7.4-alpine
              resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 2Gi}}
            proxy:
              image: registry.example/proxy:2
              resources: {requests: {cpu: 250m}}
            """,
            0);

    Container redis = container(shard, "redis");
    assertThat(redis.getImage()).isEqualTo("redis:7.4-alpine");
    assertThat(redis.getResources().getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1Gi"));
    assertThat(redis.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
    Container proxy = container(shard, "proxy");
    assertThat(proxy.getImage()).isEqualTo("registry.example/proxy:2");
    assertThat(proxy.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
  }

  @Test
  void withoutStorageRedisDataLivesInEmptyDir() {
    StatefulSet shard = shard(Fixtures.MINIMAL_MANAGED, 0);
    assertThat(volume(shard, "data").getEmptyDir()).isNotNull();
    assertThat(shard.getSpec().getVolumeClaimTemplates()).isEmpty();
    assertThat(shard.getSpec().getPersistentVolumeClaimRetentionPolicy()).isNull();
  }

  @Test
  void storageBecomesAVolumeClaimPerPodWithItsRetentionPolicy() {
    StatefulSet shard =
        shard(
            """
            redis:
              shards: 1
              storage:
                size: 20Gi
                storageClassName: fast-ssd
                retention: {whenDeleted: Delete}
            """,
            0);

    assertThat(pod(shard).getVolumes()).noneMatch(v -> v.getName().equals("data"));
    assertThat(container(shard, "redis").getVolumeMounts())
        .anyMatch(m -> m.getName().equals("data") && m.getMountPath().equals("/data"));
    PersistentVolumeClaim claim = shard.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo("data");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("20Gi"));
    var retention = shard.getSpec().getPersistentVolumeClaimRetentionPolicy();
    assertThat(retention.getWhenDeleted()).isEqualTo("Delete");
    assertThat(retention.getWhenScaled()).isEqualTo("Retain");
  }

  @Test
  void aShardsPodsPreferDifferentZonesAndNodes() {
    PodSpec pod = pod(shard("redis: {shards: 2}", 1));

    List<WeightedPodAffinityTerm> apart =
        pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(apart)
        .extracting(term -> term.getPodAffinityTerm().getTopologyKey())
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    assertThat(apart)
        .allSatisfy(
            term ->
                assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .containsEntry("redisproxy.io/shard", "shard-1"));
    assertThat(pod.getAffinity().getNodeAffinity()).as("any zone by default").isNull();
  }

  @Test
  void primariesSpreadOverZonesAmongThemselves() {
    PodSpec pod = pod(shard(Fixtures.MINIMAL_MANAGED, 0));
    TopologySpreadConstraint zones = pod.getTopologySpreadConstraints().get(0);

    assertThat(zones.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(zones.getMaxSkew()).isEqualTo(1);
    assertThat(zones.getMatchLabelKeys()).containsExactly("apps.kubernetes.io/pod-index");
    assertThat(zones.getLabelSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "redis")
        .doesNotContainKey("redisproxy.io/shard");
  }

  @Test
  void zonesAndTopologyKeyComeFromThePlacement() {
    PodSpec pod =
        pod(
            shard(
                "redis: {shards: 1}\n"
                    + "placement: {zones: [eu-1a, eu-1b], topologyKey: example.org/zone}",
                0));

    var term =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchExpressions()
            .get(0);
    assertThat(term.getKey()).isEqualTo("example.org/zone");
    assertThat(term.getOperator()).isEqualTo("In");
    assertThat(term.getValues()).containsExactly("eu-1a", "eu-1b");
    assertThat(pod.getTopologySpreadConstraints().get(0).getTopologyKey())
        .isEqualTo("example.org/zone");
    // Two zones for a primary and its replica: they must be in different zones.
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            required -> {
              assertThat(required.getTopologyKey()).isEqualTo("example.org/zone");
              assertThat(required.getLabelSelector().getMatchLabels())
                  .containsEntry("redisproxy.io/shard", "shard-0");
            });
  }

  @Test
  void withFewerZonesThanPodsPerShardZonesAreOnlyPreferred() {
    PodSpec pod =
        pod(
            shard(
                "redis: {shards: 1, replicasPerShard: 2}\nplacement: {zones: [eu-1a, eu-1b]}", 0));

    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .isEmpty();
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .extracting(term -> term.getPodAffinityTerm().getTopologyKey())
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
  }

  @Test
  void theTemplateCarriesTheRestartHash() {
    Map<String, String> annotations =
        shard(Fixtures.MINIMAL_MANAGED, 0).getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(annotations).containsKey(ResourceNames.RESTART_HASH_ANNOTATION);
    assertThat(annotations.get(ResourceNames.RESTART_HASH_ANNOTATION)).matches("[0-9a-f]{16}");
  }

  static StatefulSet shard(String spec, int shard) {
    return RedisStatefulSets.desired(Fixtures.model(spec)).get(shard);
  }

  static PodSpec pod(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getSpec();
  }

  static Container container(StatefulSet statefulSet, String name) {
    return pod(statefulSet).getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Volume volume(StatefulSet statefulSet, String name) {
    return pod(statefulSet).getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void clusterNodesAnnounceTheirStableNameAndReplicateNothingBySpec() {
    Container redis = container(shard("redis: {mode: Cluster, shards: 3}", 1), "redis");
    String start = String.join(" ", redis.getCommand());
    assertThat(start)
        .contains("--cluster-announce-hostname \"$POD_NAME.cache-redis.shop.svc\"")
        .contains("--cluster-preferred-endpoint-type hostname")
        .doesNotContain("--replicaof");
  }
}
