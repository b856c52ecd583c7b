package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.redisproxy.operator.api.v1alpha1.Phase;
import io.redisproxy.operator.api.v1alpha1.ReadPolicySetting;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real operator against an in-memory API server. The mock has no controllers: it neither runs
 * pods nor collects garbage, so tests write workload status themselves.
 */
@EnableKubernetesMockClient(crud = true)
class RedisProxyReconcilerIT {
  private static final String NAMESPACE = "shop";
  private static final Duration SETTLE = Duration.ofSeconds(10);

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
  void createsEveryObjectAndReportsProgress() {
    create("orders", "redis: {shards: 3, replicasPerShard: 1}");

    RedisProxyStatus status = awaitStatus("orders", s -> s.getPhase() == Phase.Progressing);
    assertThat(status.getObservedGeneration()).isEqualTo(1);
    assertThat(status.getMode()).isEqualTo("Sharded");
    assertThat(status.getShards()).isEqualTo(3);
    assertThat(status.getReady()).isEqualTo("0/6");
    assertThat(status.getEndpoint()).isEqualTo("orders.shop.svc:6380");
    assertThat(condition(status, "Valid")).isEqualTo("True");
    assertThat(condition(status, "Progressing")).isEqualTo("True");
    assertThat(condition(status, "Ready")).isEqualTo("False");
    // No sentinel runs against the API mock: the condition says a failover could not happen.
    assertThat(condition(status, "Failover")).isEqualTo("False");
    assertThat(conditionMessage(status, "Failover"))
        .startsWith("waiting for orders-sentinel-0.orders-redis.shop.svc:26379 to answer");
    assertThat(status.getShardStatuses())
        .extracting(s -> s.getName() + " " + s.getPrimary() + " " + s.getReady())
        .containsExactly(
            "shard-0 orders-shard-0-0 0/2",
            "shard-1 orders-shard-1-0 0/2",
            "shard-2 orders-shard-2-0 0/2");

    RedisProxy resource = get("orders");
    List<HasMetadata> managed = managedObjects("orders");
    assertThat(managed)
        .extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ConfigMap/orders-config",
            "Service/orders",
            "Service/orders-redis",
            "StatefulSet/orders-shard-0",
            "StatefulSet/orders-shard-1",
            "StatefulSet/orders-shard-2",
            "StatefulSet/orders-sentinel",
            "NetworkPolicy/orders-redis",
            "PodDisruptionBudget/orders-shard-0",
            "PodDisruptionBudget/orders-shard-1",
            "PodDisruptionBudget/orders-shard-2",
            "PodDisruptionBudget/orders-sentinel");
    assertThat(managed)
        .allSatisfy(
            object -> {
              OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
              assertThat(owner.getKind()).isEqualTo("RedisProxy");
              assertThat(owner.getUid()).isEqualTo(resource.getMetadata().getUid());
            });
    ProxyConfig config = proxyConfig("orders");
    assertThat(config.upstreams().get(0).shards()).hasSize(3);
    assertThat(config.upstreams().get(0).shards().get(2).name()).isEqualTo("shard-2");
    assertThat(config.upstreams().get(0).sentinel().addresses())
        .contains("orders-sentinel-2.orders-redis.shop.svc:26379");
  }

  @Test
  void aProxyOnlyChangeUpdatesTheConfigMapAndLeavesThePodsAlone() {
    create("carts", "redis: {shards: 2}");
    awaitStatus("carts", s -> s.getPhase() == Phase.Progressing);
    List<StatefulSet> before = statefulSets("carts");

    update(
        "carts",
        r -> {
          r.getSpec().setReadPolicy(ReadPolicySetting.PREFER_REPLICA);
          return r;
        });

    await()
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(proxyConfig("carts").upstreams().get(0).readPolicy())
                    .isEqualTo(ReadPolicy.PREFER_REPLICA));
    awaitStatus("carts", s -> s.getObservedGeneration() == 2);
    assertThat(statefulSets("carts"))
        .extracting(s -> s.getMetadata().getResourceVersion())
        .as("the StatefulSets were not even updated")
        .containsExactlyElementsOf(resourceVersions(before));
  }

  @Test
  void aShardedTopologyMovesKeysToItsNewShardsStepByStepAndQueuesAChangeMeanwhile() {
    int adminPort = FreePorts.loopback();
    create("carts-grow", "redis: {shards: 3}\nproxy: {adminPort: %d}".formatted(adminPort));
    await().atMost(SETTLE).until(() -> statefulSets("carts-grow").size() == 3);
    RedisProxyStatus before =
        awaitStatus(
            "carts-grow", s -> Conditions.find(s.getConditions(), "ShardCount").isPresent());
    assertThat(condition(before, "ShardCount")).isEqualTo("True");
    assertThat(before.getKeyMove()).isNull();

    setShards("carts-grow", 5);
    await().atMost(SETTLE).until(() -> statefulSets("carts-grow").size() == 5);
    RedisProxyStatus waiting =
        awaitShardCountMessage(
            "carts-grow",
            "keys are to move from 3 shards to 5 once the servers of every shard are ready");
    assertThat(condition(waiting, "ShardCount")).isEqualTo("False");
    assertThat(proxyConfig("carts-grow").upstreams().get(0).shards())
        .as("the proxies keep the old list while the new servers start")
        .hasSize(3);

    // A Redis pod whose proxy does not answer: the move waits for it.
    client
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("carts-grow-shard-0-0")
                .withLabels(
                    statefulSets("carts-grow")
                        .get(0)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .endStatus()
                .build())
        .create();
    statefulSets("carts-grow").forEach(s -> setReady(s, 2));
    RedisProxyStatus holding =
        awaitStatus(
            "carts-grow", s -> s.getKeyMove() != null && "hold".equals(s.getKeyMove().getPhase()));
    assertThat(holding.getKeyMove().getId()).isEqualTo("g2");
    assertThat(holding.getKeyMove().getFromShards()).isEqualTo(3);
    assertThat(holding.getKeyMove().getShards()).isEqualTo(5);
    UpstreamConfig group = proxyConfig("carts-grow").upstreams().get(0);
    assertThat(group.shards()).hasSize(5);
    assertThat(group.resharding().phase()).isEqualTo(Resharding.Phase.HOLD);
    assertThat(group.resharding().previousShards()).isEqualTo(group.shards().subList(0, 3));
    RedisProxyStatus held =
        awaitStatus(
            "carts-grow",
            s -> shardCountMessage(s).startsWith("proxy 127.0.0.1 cannot be asked how far it is:"));
    assertThat(held.getKeyMove().getPhase()).isEqualTo("hold");
    await()
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .inNamespace(NAMESPACE)
                            .withName("carts-grow-shard-0-0")
                            .get()
                            .getMetadata()
                            .getAnnotations())
                    .as("the pod is touched so its kubelet hands it the new config at once")
                    .containsEntry(
                        KeyMoves.PROXY_CONFIG_ANNOTATION,
                        ConfigCodec.hash(proxyConfig("carts-grow"))));

    // Once no proxy is left to wait for, keys move; the servers cannot be reached here.
    client.pods().inNamespace(NAMESPACE).withName("carts-grow-shard-0-0").delete();
    RedisProxyStatus moving =
        awaitStatus(
            "carts-grow",
            s ->
                s.getKeyMove() != null
                    && "move".equals(s.getKeyMove().getPhase())
                    && shardCountMessage(s).contains("keys cannot move now"));
    assertThat(conditionMessage(moving, "ShardCount"))
        .startsWith("keys move from 3 shards to 5; keys cannot move now:");
    assertThat(moving.getKeyMove().getDone()).isFalse();
    assertThat(moving.getKeyMove().getKeysMoved()).isZero();

    setShards("carts-grow", 2);
    RedisProxyStatus queued =
        awaitStatus(
            "carts-grow",
            s ->
                shardCountMessage(s)
                    .contains(
                        "spec.redis.shards now asks for 2 shards: keys move there once this move"
                            + " to 5 has ended"));
    assertThat(queued.getKeyMove().getShards()).isEqualTo(5);
    assertThat(proxyConfig("carts-grow").upstreams().get(0).resharding().id()).isEqualTo("g2");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> statefulSets("carts-grow").size() == 5);
    assertThat(events("carts-grow"))
        .filteredOn(e -> "ShardCountChanged".equals(e.getReason()))
        .extracting(Event::getMessage)
        .containsExactly(
            "spec.redis.shards changed to 2 while keys move to 5 shards: that move ends first,"
                + " then keys move to 2");
  }

  private static RedisProxyStatus awaitShardCountMessage(String name, String message) {
    return awaitStatus(name, s -> message.equals(shardCountMessage(s)));
  }

  private static String shardCountMessage(RedisProxyStatus status) {
    return Conditions.find(status.getConditions(), "ShardCount")
        .map(Condition::getMessage)
        .orElse("");
  }

  @Test
  void aRedisConfChangeRollsThePods() {
    create("users", "redis: {shards: 1, config: 'maxmemory 1gb'}");
    awaitStatus("users", s -> s.getPhase() == Phase.Progressing);
    PodTemplateSpec before = statefulSets("users").get(0).getSpec().getTemplate();

    update(
        "users",
        r -> {
          r.getSpec().getRedis().setConfig("maxmemory 2gb");
          return r;
        });

    await()
        .atMost(SETTLE)
        .untilAsserted(
            () -> {
              assertThat(configMap("users").getData().get("redis.conf")).contains("maxmemory 2gb");
              PodTemplateSpec after = statefulSets("users").get(0).getSpec().getTemplate();
              assertThat(restartHash(after)).isNotEqualTo(restartHash(before));
            });
  }

  @Test
  void anInvalidSpecIsReportedAndTouchesNothing() {
    create("stock", "redis: {shards: 2}");
    awaitStatus("stock", s -> s.getPhase() == Phase.Progressing);
    Map<String, String> before = versions(managedObjects("stock"));

    update(
        "stock",
        r -> {
          r.getSpec().getRedis().setShards(0);
          r.getSpec().getRedis().setConfig("port 7000");
          return r;
        });

    RedisProxyStatus status = awaitStatus("stock", s -> s.getPhase() == Phase.Invalid);
    assertThat(status.getObservedGeneration()).isEqualTo(2);
    assertThat(conditionMessage(status, "Valid"))
        .isEqualTo(
            "spec.redis.shards: must be 1-128; spec.redis.config: line 1 sets 'port', which the"
                + " operator manages; remove that line");
    await()
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(events("stock"))
                    .anySatisfy(
                        event -> {
                          assertThat(event.getType()).isEqualTo("Warning");
                          assertThat(event.getReason()).isEqualTo("InvalidSpec");
                          assertThat(event.getMessage()).contains("spec.redis.shards");
                        }));
    assertThat(versions(managedObjects("stock"))).isEqualTo(before);
  }

  @Test
  void anInvalidNewResourceCreatesNothing() {
    create("broken", "redis: {shards: 1}\nproxy: {port: 6379}");

    RedisProxyStatus status = awaitStatus("broken", s -> s.getPhase() == Phase.Invalid);
    assertThat(conditionMessage(status, "Valid"))
        .startsWith("spec.proxy.port: 6379 is Redis' port in the same pod");
    assertThat(managedObjects("broken")).isEmpty();
  }

  @Test
  void statusFollowsWorkloadReadiness() {
    create("search", "redis: {shards: 2, replicasPerShard: 1}");
    awaitStatus("search", s -> s.getPhase() == Phase.Progressing);

    for (StatefulSet shard : statefulSets("search")) {
      setReady(shard, 2);
    }
    RedisProxyStatus ready = awaitStatus("search", s -> s.getPhase() == Phase.Ready);
    assertThat(ready.getReady()).isEqualTo("4/4");
    assertThat(ready.getReadyShards()).isEqualTo(2);
    assertThat(condition(ready, "Ready")).isEqualTo("True");
    assertThat(condition(ready, "Progressing")).isEqualTo("False");
    assertThat(condition(ready, "Degraded")).isEqualTo("False");

    setReady(statefulSets("search").get(1), 1);
    RedisProxyStatus degraded = awaitStatus("search", s -> s.getPhase() == Phase.Degraded);
    assertThat(degraded.getReady()).isEqualTo("3/4");
    assertThat(degraded.getReadyShards()).isEqualTo(1);
    assertThat(condition(degraded, "Degraded")).isEqualTo("True");
    assertThat(conditionMessage(degraded, "Degraded")).contains("shard-1 with 1/2 ready");
    assertThat(degraded.getShardStatuses().get(1).getReady()).isEqualTo("1/2");

    setReady(statefulSets("search").get(1), 2);
    awaitStatus("search", s -> s.getPhase() == Phase.Ready);
  }

  @Test
  void shardStatusNamesTheZoneOfEachScheduledPod() {
    create("zoned", "redis: {shards: 1, replicasPerShard: 1}");
    awaitStatus("zoned", s -> s.getPhase() == Phase.Progressing);
    for (String zone : List.of("zone-a", "zone-b")) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName("node-" + zone)
                  .addToLabels("topology.kubernetes.io/zone", zone)
                  .endMetadata()
                  .build())
          .create();
    }
    StatefulSet shard = statefulSets("zoned").get(0);
    for (int ordinal = 0; ordinal < 2; ordinal++) {
      client
          .pods()
          .inNamespace(NAMESPACE)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("zoned-shard-0-" + ordinal)
                  .withLabels(shard.getSpec().getTemplate().getMetadata().getLabels())
                  .endMetadata()
                  .withNewSpec()
                  .withNodeName(ordinal == 0 ? "node-zone-a" : "node-zone-b")
                  .endSpec()
                  .build())
          .create();
    }

    RedisProxyStatus status =
        awaitStatus(
            "zoned",
            s ->
                !s.getShardStatuses().isEmpty()
                    && s.getShardStatuses().get(0).getZones().size() == 2);
    assertThat(status.getShardStatuses().get(0).getZones())
        .containsExactly(
            Map.entry("zoned-shard-0-0", "zone-a"), Map.entry("zoned-shard-0-1", "zone-b"));
  }

  @Test
  void aRedisClusterIsProgressingUntilItsServersFormIt() {
    create("ledger", "redis: {mode: Cluster, shards: 3, replicasPerShard: 1}");

    RedisProxyStatus status =
        awaitStatus("ledger", s -> s.getClusterState() != null && s.getMode() != null);
    assertThat(status.getMode()).isEqualTo("Cluster");
    assertThat(status.getPhase()).isEqualTo(Phase.Progressing);
    // No pod runs here, so the first server cannot be reached: the status says what it waits for.
    assertThat(status.getClusterState())
        .isEqualTo("Forming: cannot reach ledger-shard-0-0.ledger-redis.shop.svc:6379 yet");
    assertThat(conditionMessage(status, "Progressing")).contains("the Redis Cluster (cannot reach");
    assertThat(configMap("ledger").getData().get("redis.conf")).contains("cluster-enabled yes");
    assertThat(proxyConfig("ledger").upstreams().get(0).cluster().seeds()).hasSize(6);
    assertThat(statefulSets("ledger")).hasSize(3);
  }

  @Test
  void aClusterGetsItsNewShardsAtOnceAndKeepsThoseThatGoUntilTheirSlotsHaveMoved() {
    create(
        "vault",
        "redis: {mode: Cluster, shards: 3, replicasPerShard: 1,"
            + " scaling: {keysPerBatch: 500, pauseBetweenBatches: 5ms}}");
    await().atMost(SETTLE).until(() -> statefulSets("vault").size() == 3);
    RedisProxyStatus formed = awaitStatus("vault", s -> s.getMode() != null);
    assertThat(condition(formed, "ShardCount")).isEqualTo("True");
    assertThat(formed.getSlotMove()).isNull();

    setShards("vault", 5);
    await().atMost(SETTLE).until(() -> statefulSets("vault").size() == 5);
    RedisProxyStatus growing = awaitSlotMove("vault", 5);
    assertThat(condition(growing, "ShardCount")).isEqualTo("False");
    // The servers cannot be reached here: the new shards wait to join before any slot moves.
    assertThat(conditionMessage(growing, "ShardCount"))
        .startsWith(
            "Moving slots to spread them evenly over 5 shards (0 slots moved): cannot reach")
        .endsWith(
            "A change of spec.redis.shards meanwhile takes effect once the slot being moved has"
                + " moved; the servers of shards that go are removed once no slot is left on them");
    assertThat(growing.getSlotMove().getSlotsMoved()).isZero();
    await()
        .atMost(SETTLE)
        .until(() -> proxyConfig("vault").upstreams().get(0).cluster().seeds().size() == 10);

    setShards("vault", 3);
    RedisProxyStatus shrinking = awaitSlotMove("vault", 3);
    assertThat(conditionMessage(shrinking, "ShardCount"))
        .startsWith("Moving slots to spread them evenly over 3 shards");
    assertThat(shrinking.getShards()).isEqualTo(5);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> statefulSets("vault").size() == 5);
    assertThat(events("vault"))
        .filteredOn(e -> "ShardCountChanged".equals(e.getReason()))
        .extracting(Event::getMessage)
        .contains(
            "spec.redis.shards changed to 3 while slots moved to spread over 5: the slot being"
                + " moved is moved first, then slots spread over 3");
  }

  private static void setShards(String name, int shards) {
    update(
        name,
        r -> {
          r.getSpec().getRedis().setShards(shards);
          return r;
        });
  }

  private static RedisProxyStatus awaitSlotMove(String name, int shards) {
    return awaitStatus(
        name,
        s ->
            s.getSlotMove() != null && Integer.valueOf(shards).equals(s.getSlotMove().getShards()));
  }

  @Test
  void externalUpstreamsGetAProxyTier() {
    create(
        "edge",
        """
        upstreams:
          - name: eu
            shards: [{primary: 'eu-1.cache.example:6379'}, {primary: 'eu-2.cache.example:6379'}]
        proxy: {replicas: 3}
        service: {type: LoadBalancer}
        """);
    RedisProxyStatus progressing = awaitStatus("edge", s -> s.getPhase() == Phase.Progressing);
    assertThat(progressing.getMode()).isEqualTo("External");
    assertThat(progressing.getShards()).isEqualTo(2);
    assertThat(statefulSets("edge")).isEmpty();
    Deployment tier = deployment("edge");
    assertThat(tier.getSpec().getReplicas()).isEqualTo(3);

    client
        .apps()
        .deployments()
        .resource(tier)
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(3)
                      .withUpdatedReplicas(3)
                      .withReadyReplicas(3)
                      .build());
              return d;
            });
    client
        .services()
        .inNamespace(NAMESPACE)
        .withName("edge")
        .editStatus(
            s -> {
              s.setStatus(
                  Serialization.unmarshal(
                      "{\"loadBalancer\":{\"ingress\":[{\"ip\":\"203.0.113.7\"}]}}",
                      ServiceStatus.class));
              return s;
            });

    RedisProxyStatus ready = awaitStatus("edge", s -> s.getPhase() == Phase.Ready);
    assertThat(ready.getReady()).isEqualTo("3/3");
    assertThat(ready.getEndpoint()).isEqualTo("203.0.113.7:6380");
  }

  @Test
  void switchingToExternalUpstreamsRemovesTheRedisObjects() {
    create("legacy", "redis: {shards: 2}");
    awaitStatus("legacy", s -> s.getPhase() == Phase.Progressing);

    update(
        "legacy",
        r -> {
          RedisProxy external =
              Serialization.unmarshal(
                  """
                  apiVersion: redisproxy.io/v1alpha1
                  kind: RedisProxy
                  spec:
                    upstreams: [{name: old, shards: [{primary: 'old.example:6379'}]}]
                  """,
                  RedisProxy.class);
          r.setSpec(external.getSpec());
          return r;
        });

    await()
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(managedObjects("legacy"))
                    .extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                        "ConfigMap/legacy-config",
                        "Service/legacy",
                        "Deployment/legacy-proxy",
                        "PodDisruptionBudget/legacy"));
  }

  @Test
  void settlesWithoutFurtherWrites() {
    create("quiet", "redis: {shards: 2}");
    awaitStatus("quiet", s -> s.getPhase() == Phase.Progressing);
    for (StatefulSet shard : statefulSets("quiet")) {
      setReady(shard, 2);
    }
    awaitStatus("quiet", s -> s.getPhase() == Phase.Ready);
    Map<String, String> settled = versions(everything("quiet"));

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> versions(everything("quiet")).equals(settled));
  }

  @Test
  void deletingTheResourceLeavesCleanupToOwnerReferences() {
    create("temp", "redis: {shards: 1}");
    awaitStatus("temp", s -> s.getPhase() == Phase.Progressing);
    String uid = get("temp").getMetadata().getUid();
    assertThat(managedObjects("temp"))
        .allSatisfy(
            object ->
                assertThat(object.getMetadata().getOwnerReferences())
                    .anySatisfy(owner -> assertThat(owner.getUid()).isEqualTo(uid)));

    client.resources(RedisProxy.class).inNamespace(NAMESPACE).withName("temp").delete();

    await()
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(get("temp"))
                    .as("no finalizer holds the resource: Kubernetes collects its objects")
                    .isNull());
  }

  private static void create(String name, String spec) {
    resources.create(name, spec);
  }

  private static void update(String name, UnaryOperator<RedisProxy> change) {
    resources.update(name, change);
  }

  private static RedisProxy get(String name) {
    return resources.get(name);
  }

  private static RedisProxyStatus awaitStatus(String name, Predicate<RedisProxyStatus> condition) {
    return resources.awaitStatus(name, condition);
  }

  private static void setReady(StatefulSet statefulSet, int ready) {
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
                      .withUpdatedReplicas(replicas)
                      .withReadyReplicas(ready)
                      .withCurrentRevision("r1")
                      .withUpdateRevision("r1")
                      .build());
              return s;
            });
  }

  private static String condition(RedisProxyStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow().getStatus();
  }

  private static String conditionMessage(RedisProxyStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow().getMessage();
  }

  private static String restartHash(PodTemplateSpec template) {
    return template.getMetadata().getAnnotations().get(ResourceNames.RESTART_HASH_ANNOTATION);
  }

  private static ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(NAMESPACE).withName(name + "-config").get();
  }

  private static ProxyConfig proxyConfig(String name) {
    return ConfigCodec.parse(configMap(name).getData().get(ResourceNames.PROXY_CONFIG_KEY));
  }

  private static List<StatefulSet> statefulSets(String name) {
    return resources.statefulSets(name);
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name + "-proxy").get();
  }

  private static List<Event> events(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Every object labelled as belonging to the RedisProxy {@code name}. */
  private static List<HasMetadata> managedObjects(String name) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Class<? extends HasMetadata> kind :
        List.of(
            ConfigMap.class,
            Service.class,
            StatefulSet.class,
            Deployment.class,
            PodDisruptionBudget.class,
            NetworkPolicy.class)) {
      objects.addAll(
          client
              .resources(kind)
              .inNamespace(NAMESPACE)
              .withLabel(ResourceNames.INSTANCE_LABEL, name)
              .list()
              .getItems());
    }
    return objects;
  }

  private static List<HasMetadata> everything(String name) {
    List<HasMetadata> objects = managedObjects(name);
    objects.add(get(name));
    return objects;
  }

  private static Map<String, String> versions(List<HasMetadata> objects) {
    Map<String, String> versions = new TreeMap<>();
    for (HasMetadata object : objects) {
      versions.put(
          object.getKind() + "/" + object.getMetadata().getName(),
          object.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private static List<String> resourceVersions(List<StatefulSet> statefulSets) {
    return statefulSets.stream().map(s -> s.getMetadata().getResourceVersion()).toList();
  }
}
