package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.redisproxy.operator.api.v1alpha1.Phase;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator restarts Redis pods itself (their StatefulSets update only on delete), against an
 * in-memory API server. The mock runs no controller, so the test plays the StatefulSet controller
 * and the kubelet: it reports revisions, recreates deleted pods and marks them ready.
 */
@EnableKubernetesMockClient(crud = true)
class RedisRestartsIT {
  private static final String NAMESPACE = "shop";
  private static final Duration SETTLE = Duration.ofSeconds(15);

  static KubernetesClient client;
  private static Operator operator;
  private static MockServerResources resources;

  @BeforeAll
  static void startOperator() {
    operator = MockServerOperator.start(client);
    resources = new MockServerResources(client, NAMESPACE, SETTLE);
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void aSpecChangeRestartsOnePodAtATimeEachAfterThePreviousIsReady() {
    create("rolling", "redis: {shards: 2, replicasPerShard: 0}");
    awaitStatus("rolling", s -> s.getPhase() == Phase.Progressing);
    for (StatefulSet shard : statefulSets("rolling")) {
      controllerReports(shard, "r1", 1);
      createPod(shard, 0, "r1", true);
    }
    awaitStatus("rolling", s -> s.getPhase() == Phase.Ready);
    assertThat(pod("rolling-shard-0-0")).isNotNull();

    update("rolling", "maxmemory 2gb");
    for (StatefulSet shard : awaitNewGeneration("rolling")) {
      controllerReports(shard, "r2", 0);
    }

    await().atMost(SETTLE).until(() -> pod("rolling-shard-0-0") == null);
    assertThat(pod("rolling-shard-1-0")).as("one pod at a time").isNotNull();
    createPod(statefulSets("rolling").get(0), 0, "r2", false);
    RedisProxyStatus waiting =
        awaitStatus(
            "rolling",
            s ->
                progressingMessage(s)
                    .endsWith("shard-0: waiting for rolling-shard-0-0 to be ready"));
    assertThat(waiting.getPhase()).isEqualTo(Phase.Progressing);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> pod("rolling-shard-1-0") != null);

    markReady("rolling-shard-0-0");
    await().atMost(SETTLE).until(() -> pod("rolling-shard-1-0") == null);
    createPod(statefulSets("rolling").get(1), 0, "r2", true);
    for (StatefulSet shard : statefulSets("rolling")) {
      controllerReports(shard, "r2", 1);
    }
    RedisProxyStatus done = awaitStatus("rolling", s -> s.getPhase() == Phase.Ready);
    assertThat(progressingMessage(done)).isEqualTo("Every pod runs the current spec");
  }

  @Test
  void aShardWhoseRolesNoServerConfirmsIsNotRestarted() {
    // No sentinel answers the mock's pods: no primary is known, so no replica can be told apart.
    create("careful", "redis: {shards: 1, replicasPerShard: 1}");
    awaitStatus("careful", s -> s.getPhase() == Phase.Progressing);
    StatefulSet shard = statefulSets("careful").get(0);
    controllerReports(shard, "r1", 2);
    createPod(shard, 0, "r1", true);
    createPod(shard, 1, "r1", true);

    update("careful", "maxmemory 2gb");
    controllerReports(awaitNewGeneration("careful").get(0), "r2", 0);

    awaitStatus(
        "careful",
        s -> progressingMessage(s).endsWith("shard-0: waiting for its primary to be known"));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> pod("careful-shard-0-0") != null && pod("careful-shard-0-1") != null);
  }

  @Test
  void aReplicaDownAtTheOldSpecIsNotWaitedFor() {
    // Its server does not answer: it cannot be a primary serving writes, so it is replaced.
    create("stuck", "redis: {shards: 1, replicasPerShard: 0}");
    awaitStatus("stuck", s -> s.getPhase() == Phase.Progressing);
    StatefulSet shard = statefulSets("stuck").get(0);
    controllerReports(shard, "r1", 0);
    createPod(shard, 0, "r1", false);

    update("stuck", "maxmemory 2gb");
    controllerReports(awaitNewGeneration("stuck").get(0), "r2", 0);

    await().atMost(SETTLE).until(() -> pod("stuck-shard-0-0") == null);
  }

  private static void create(String name, String spec) {
    resources.create(name, spec);
  }

  private static void update(String name, String redisConfig) {
    resources.update(
        name,
        r -> {
          r.getSpec().getRedis().setConfig(redisConfig);
          return r;
        });
  }

  private static RedisProxyStatus awaitStatus(String name, Predicate<RedisProxyStatus> condition) {
    return resources.awaitStatus(name, condition);
  }

  private static String progressingMessage(RedisProxyStatus status) {
    return Conditions.find(status.getConditions(), Conditions.PROGRESSING)
        .map(c -> c.getMessage())
        .orElse("");
  }

  /** The shards' StatefulSets once the operator has applied a new template to each. */
  private static List<StatefulSet> awaitNewGeneration(String name) {
    return await()
        .atMost(SETTLE)
        .until(
            () -> statefulSets(name),
            sets -> sets.stream().allMatch(s -> s.getMetadata().getGeneration() > 1));
  }

  private static List<StatefulSet> statefulSets(String name) {
    return resources.statefulSets(name);
  }

  /** What the StatefulSet controller would report: its revision, and pods updated to it. */
  private static void controllerReports(StatefulSet statefulSet, String revision, int updated) {
    client
        .apps()
        .statefulSets()
        .resource(statefulSet)
        .editStatus(
            s -> {
              int replicas = s.getSpec().getReplicas();
              s.setStatus(
                  new StatefulSetStatusBuilder()
                      .withObservedGeneration(s.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withUpdatedReplicas(updated)
                      .withReadyReplicas(replicas)
                      .withCurrentRevision("r1")
                      .withUpdateRevision(revision)
                      .build());
              return s;
            });
  }

  private static void createPod(StatefulSet shard, int ordinal, String revision, boolean ready) {
    client
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(shard.getMetadata().getName() + "-" + ordinal)
                .withLabels(shard.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels(Map.of("controller-revision-hash", revision))
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  private static void markReady(String name) {
    client
        .pods()
        .inNamespace(NAMESPACE)
        .withName(name)
        .editStatus(
            p -> {
              p.getStatus().getConditions().get(0).setStatus("True");
              return p;
            });
  }

  private static Pod pod(String name) {
    return client.pods().inNamespace(NAMESPACE).withName(name).get();
  }
}
