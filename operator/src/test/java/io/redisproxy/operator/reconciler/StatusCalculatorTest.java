package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.MirrorStatus;
import io.redisproxy.operator.api.v1alpha1.Phase;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.api.v1alpha1.ShardStatus;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.RedisStatefulSets;
import io.redisproxy.operator.sentinel.SentinelPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  private final RedisProxy resource =
      Serialization.unmarshal(
          """
          apiVersion: redisproxy.io/v1alpha1
          kind: RedisProxy
          metadata: {name: cache, namespace: shop, generation: 4}
          spec:
            redis: {shards: 2, replicasPerShard: 1}
          """,
          RedisProxy.class);
  private final RedisProxyModel model =
      RedisProxyModel.of(resource, new OperatorDefaults("redis:7.2", "proxy:1"));

  @Test
  void readyOnceEveryShardRunsTheCurrentSpecWithAllPodsReady() {
    RedisProxyStatus status = observe(workloads(2, 2, true), T0);

    assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    assertThat(status.getObservedGeneration()).isEqualTo(4);
    assertThat(status.getReady()).isEqualTo("4/4");
    assertThat(status.getReadyShards()).isEqualTo(2);
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(4);
  }

  @Test
  void readyPodsOfAnOldRevisionAreStillProgressing() {
    RedisProxyStatus status = observe(workloads(2, 2, false), T0);

    assertThat(status.getPhase()).isEqualTo(Phase.Progressing);
    assertThat(condition(status, "Progressing").getMessage())
        .contains("shard-0 (rolling out) with 2/2 ready");
  }

  @Test
  void theProgressingConditionSaysWhatTheRestartOfRedisPodsDoes() {
    StatusCalculator.Observed observed =
        new StatusCalculator.Observed(
                workloads(2, 2, false),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .withRestart("shard-0: restarting cache-shard-0-1 (a replica)");

    RedisProxyStatus status = StatusCalculator.observed(resource, model, observed, T0);

    assertThat(condition(status, "Progressing").getMessage())
        .endsWith("; shard-0: restarting cache-shard-0-1 (a replica)");
  }

  @Test
  void losingPodsAfterBeingReadyIsDegradedAndTransitionTimesMoveOnlyOnFlips() {
    resource.setStatus(observe(workloads(2, 2, true), T0));

    RedisProxyStatus degraded = observe(workloads(2, 1, true), T1);

    assertThat(degraded.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(condition(degraded, "Degraded").getLastTransitionTime())
        .isEqualTo("2030-01-01T00:01:00Z");
    assertThat(condition(degraded, "Valid").getLastTransitionTime())
        .as("Valid stayed True")
        .isEqualTo("2030-01-01T00:00:00Z");
    assertThat(condition(degraded, "Progressing").getStatus()).isEqualTo("False");
  }

  @Test
  void aNewGenerationProgressesRatherThanDegrades() {
    resource.setStatus(observe(workloads(2, 2, true), T0));
    resource.getMetadata().setGeneration(5L);

    assertThat(observe(workloads(2, 1, true), T1).getPhase()).isEqualTo(Phase.Progressing);
  }

  @Test
  void anInvalidSpecKeepsWhatWasObservedAndSaysWhy() {
    resource.setStatus(observe(workloads(2, 2, true), T0));

    RedisProxyStatus invalid =
        StatusCalculator.invalid(resource, List.of("spec.redis.shards: must be 1-128"), T1);

    assertThat(invalid.getPhase()).isEqualTo(Phase.Invalid);
    assertThat(condition(invalid, "Valid").getStatus()).isEqualTo("False");
    assertThat(condition(invalid, "Valid").getMessage())
        .isEqualTo("spec.redis.shards: must be 1-128");
    assertThat(condition(invalid, "Ready").getStatus()).isEqualTo("True");
    assertThat(invalid.getReady()).isEqualTo("4/4");
  }

  @Test
  void eachShardReportsTheZonesItsPodsRunIn() {
    RedisProxyStatus status =
        StatusCalculator.observed(
            resource,
            model,
            observed(
                Map.of(
                    "cache-shard-0-0",
                    "zone-a",
                    "cache-shard-0-1",
                    "zone-b",
                    "cache-shard-1-0",
                    "zone-b"),
                Optional.empty(),
                Optional.empty()),
            T0);
    assertThat(status.getShardStatuses().get(0).getZones())
        .containsExactly(
            Map.entry("cache-shard-0-0", "zone-a"), Map.entry("cache-shard-0-1", "zone-b"));
    // A pod not scheduled yet has no zone.
    assertThat(status.getShardStatuses().get(1).getZones())
        .containsExactly(Map.entry("cache-shard-1-0", "zone-b"));
  }

  @Test
  void mirrorHealthIsReportedPerTargetWithAConditionThatSaysWhatIsWrong() {
    String healthy =
        "redisproxy_mirror_connected{mirror=\"west\",} 1.0\n"
            + "redisproxy_mirror_buffered_commands{mirror=\"west\",} 3.0\n"
            + "redisproxy_mirror_lag_seconds{mirror=\"west\",} 0.002\n"
            + "redisproxy_mirror_dropped_total{mirror=\"west\",} 0.0\n";
    String cutOff =
        "# TYPE redisproxy_mirror_connected gauge\n"
            + "redisproxy_mirror_connected{mirror=\"west\",} 0.0\n"
            + "redisproxy_mirror_buffered_commands{mirror=\"west\",} 1200.0\n"
            + "redisproxy_mirror_lag_seconds{mirror=\"west\",} 12.5\n"
            + "redisproxy_mirror_dropped_total{mirror=\"west\",} 7.0\n";
    List<MirrorStatus> mirrors =
        MirrorHealth.summarize(List.of(MirrorHealth.parse(healthy), MirrorHealth.parse(cutOff)));

    assertThat(mirrors)
        .singleElement()
        .satisfies(
            west -> {
              assertThat(west.getName()).isEqualTo("west");
              assertThat(west.getConnected()).isEqualTo("1/2");
              assertThat(west.getBufferedCommands()).isEqualTo(1203L);
              assertThat(west.getLagSeconds()).isEqualTo(12.5);
              assertThat(west.getDropped()).isEqualTo(7L);
            });
    RedisProxyStatus status =
        StatusCalculator.observed(
            resource, model, observed(Map.of(), Optional.of(mirrors), Optional.empty()), T0);
    assertThat(status.getMirrors()).isEqualTo(mirrors);
    assertThat(condition(status, "Mirroring").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Mirroring").getMessage())
        .isEqualTo(
            "west: connected on 1/2 proxies, 7 commands dropped (replay buffer full), 1203"
                + " buffered");
    // Mirror health does not decide readiness: the primary path serves without the mirror.
    assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    assertThat(condition(observe(workloads(2, 2, true), T0), "Ready").getStatus())
        .isEqualTo("True");
  }

  @Test
  void eachShardsPrimaryIsTheOneTheSentinelsNameAndAShardThatCannotFailOverIsSaid() {
    SentinelPlan plan =
        new SentinelPlan(
            List.of(),
            Map.of("shard-1", "cache-shard-1-1.cache-redis.shop.svc:6379"),
            Map.of("shard-0", 1, "shard-1", 0),
            null);
    RedisProxyStatus status =
        StatusCalculator.observed(
            resource, model, observed(Map.of(), Optional.empty(), Optional.of(plan)), T0);
    assertThat(status.getShardStatuses())
        .extracting(ShardStatus::getPrimary)
        .containsExactly("cache-shard-0-0", "cache-shard-1-1");
    assertThat(condition(status, "Failover").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Failover").getMessage())
        .isEqualTo(
            "shard-1 has no healthy replica: a failure of its primary cannot be failed over");
    // The proxies serve meanwhile: failover readiness does not decide Ready.
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void zoneRedundantSaysWhichShardKeepsEveryCopyInOneZone() {
    RedisProxyStatus status =
        StatusCalculator.observed(
            resource,
            model,
            observed(
                Map.of(
                    "cache-shard-0-0", "zone-a",
                    "cache-shard-0-1", "zone-b",
                    "cache-shard-1-0", "zone-b",
                    "cache-shard-1-1", "zone-b"),
                Optional.empty(),
                Optional.empty()),
            T0);
    assertThat(condition(status, "ZoneRedundant").getStatus()).isEqualTo("False");
    assertThat(condition(status, "ZoneRedundant").getMessage())
        .isEqualTo("shard-1: cache-shard-1-0 and cache-shard-1-1 run in zone-b");
    assertThat(condition(observe(workloads(2, 2, true), T0), "ZoneRedundant").getStatus())
        .isEqualTo("True");
  }

  @Test
  void whileTheSentinelsCannotSayThePrimaryLastReportedStands() {
    SentinelPlan failedOver =
        new SentinelPlan(
            List.of(),
            Map.of("shard-1", "cache-shard-1-1.cache-redis.shop.svc:6379"),
            Map.of(),
            null);
    resource.setStatus(
        StatusCalculator.observed(
            resource, model, observed(Map.of(), Optional.empty(), Optional.of(failedOver)), T0));
    SentinelPlan unreachable =
        new SentinelPlan(List.of(), Map.of(), Map.of(), "cache-sentinel-0 to answer");

    RedisProxyStatus status =
        StatusCalculator.observed(
            resource, model, observed(Map.of(), Optional.empty(), Optional.of(unreachable)), T1);

    assertThat(status.getShardStatuses())
        .extracting(ShardStatus::getPrimary)
        .containsExactly("cache-shard-0-0", "cache-shard-1-1");
  }

  @Test
  void aFailedApplyIsDegradedWithTheReason() {
    RedisProxyStatus failed =
        StatusCalculator.failed(resource, "Could not apply the desired objects: forbidden", T0);
    assertThat(failed.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(condition(failed, "Degraded").getReason()).isEqualTo("ApplyFailed");
    assertThat(condition(failed, "Degraded").getMessage()).endsWith("forbidden");
  }

  private RedisProxyStatus observe(List<StatefulSet> statefulSets, Instant now) {
    return StatusCalculator.observed(
        resource,
        model,
        new StatusCalculator.Observed(
            statefulSets,
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        now);
  }

  /** Every shard rolled out and ready, as seen with these zones, mirrors and sentinels. */
  private StatusCalculator.Observed observed(
      Map<String, String> podZones,
      Optional<List<MirrorStatus>> mirrors,
      Optional<SentinelPlan> sentinels) {
    return new StatusCalculator.Observed(
        workloads(2, 2, true),
        Optional.empty(),
        Optional.empty(),
        podZones,
        Optional.empty(),
        mirrors,
        sentinels,
        Optional.empty());
  }

  private List<StatefulSet> workloads(int replicas, int ready, boolean currentRevision) {
    List<StatefulSet> statefulSets = RedisStatefulSets.desired(model);
    for (StatefulSet statefulSet : statefulSets) {
      statefulSet.getMetadata().setGeneration(1L);
      statefulSet.setStatus(
          new StatefulSetStatusBuilder()
              .withObservedGeneration(1L)
              .withReplicas(replicas)
              .withUpdatedReplicas(currentRevision ? replicas : 0)
              .withReadyReplicas(ready)
              .withCurrentRevision(currentRevision ? "r2" : "r1")
              .withUpdateRevision("r2")
              .build());
    }
    return statefulSets;
  }

  private static Condition condition(RedisProxyStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }
}
