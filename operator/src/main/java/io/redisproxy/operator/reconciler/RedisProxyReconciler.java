package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.redisproxy.operator.api.monitoring.PodMonitor;
import io.redisproxy.operator.api.v1alpha1.MirrorStatus;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.api.v1alpha1.ShardStatus;
import io.redisproxy.operator.api.v1alpha1.SlotMoveStatus;
import io.redisproxy.operator.cluster.ClusterPlan;
import io.redisproxy.operator.cluster.SlotMover;
import io.redisproxy.operator.dependent.ClientServiceDependent;
import io.redisproxy.operator.dependent.DesiredModel;
import io.redisproxy.operator.dependent.ManagesRedisCondition;
import io.redisproxy.operator.dependent.NetworkPolicyCondition;
import io.redisproxy.operator.dependent.NetworkPolicyDependent;
import io.redisproxy.operator.dependent.PodDisruptionBudgetDependent;
import io.redisproxy.operator.dependent.PodMonitorApiServed;
import io.redisproxy.operator.dependent.PodMonitorCondition;
import io.redisproxy.operator.dependent.PodMonitorDependent;
import io.redisproxy.operator.dependent.ProxyConfigMapDependent;
import io.redisproxy.operator.dependent.ProxyDeploymentDependent;
import io.redisproxy.operator.dependent.ProxyTierCondition;
import io.redisproxy.operator.dependent.RedisHeadlessServiceDependent;
import io.redisproxy.operator.dependent.RedisShardStatefulSetsDependent;
import io.redisproxy.operator.model.InvalidSpecException;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.sentinel.SentinelPlan;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a RedisProxy, lets the dependents apply what the model says should exist, and patches a
 * status from what the workloads report. It creates nothing itself, and an invalid spec changes no
 * managed object.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = RedisProxyReconciler.CONFIG, type = ProxyConfigMapDependent.class),
      @Dependent(name = RedisProxyReconciler.CLIENT_SERVICE, type = ClientServiceDependent.class),
      @Dependent(
          name = "redis-service",
          type = RedisHeadlessServiceDependent.class,
          reconcilePrecondition = ManagesRedisCondition.class,
          useEventSourceWithName = RedisProxyReconciler.CLIENT_SERVICE),
      @Dependent(
          name = "redis-shards",
          type = RedisShardStatefulSetsDependent.class,
          dependsOn = {RedisProxyReconciler.CONFIG, "redis-service"},
          reconcilePrecondition = ManagesRedisCondition.class),
      @Dependent(
          name = "proxy-tier",
          type = ProxyDeploymentDependent.class,
          dependsOn = RedisProxyReconciler.CONFIG,
          reconcilePrecondition = ProxyTierCondition.class),
      @Dependent(
          name = "network-policy",
          type = NetworkPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyCondition.class),
      @Dependent(name = "disruption-budget", type = PodDisruptionBudgetDependent.class),
      @Dependent(
          name = "pod-monitor",
          type = PodMonitorDependent.class,
          activationCondition = PodMonitorApiServed.class,
          reconcilePrecondition = PodMonitorCondition.class)
    })
@ControllerConfiguration(name = RedisProxyReconciler.NAME)
public class RedisProxyReconciler implements Reconciler<RedisProxy> {
  private static final String CLUSTER_FORMED = StatusCalculator.CLUSTER_FORMED;
  public static final String NAME = "redisproxy";
  static final String CONFIG = "config";
  static final String CLIENT_SERVICE = "client-service";

  private static final Duration CLUSTER_RECHECK = Duration.ofSeconds(5);
  private static final Duration SLOT_MOVE_RECHECK = Duration.ofMillis(200);
  private static final Duration SLOT_MOVE_BUDGET = Duration.ofSeconds(2);
  private static final Duration KEY_MOVE_RECHECK = Duration.ofSeconds(1);
  private static final Duration MIRROR_RECHECK = Duration.ofSeconds(30);
  private static final Duration SENTINEL_RECHECK = Duration.ofSeconds(5);
  private static final Duration ROLE_RECHECK = Duration.ofSeconds(15);
  private static final Duration RESTART_RECHECK = Duration.ofSeconds(2);
  private static final Duration MONITORING_RECHECK = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(RedisProxyReconciler.class);

  private final OperatorDefaults defaults;
  private final Clock clock;
  private final ProxyAdminReader adminReader = new ProxyAdminReader();
  private final KeyMoves keyMoves = new KeyMoves(adminReader);
  private final RedisRestarts restarts = new RedisRestarts();
  private final ZoneBalancing zoneBalancing = new ZoneBalancing();
  private final PodMonitorDiscovery podMonitorDiscovery;
  private final Duration monitoringRecheck;
  private final SlotMoveMetrics slotMoveMetrics;
  private final KeyMoveMetrics keyMoveMetrics;
  private volatile NodeZones nodeZones;

  /**
   * @param registry where slot moves are counted
   */
  public RedisProxyReconciler(OperatorDefaults defaults, Clock clock, MeterRegistry registry) {
    this(defaults, clock, registry, MONITORING_RECHECK);
  }

  /** Looks for the Prometheus Operator's API again after {@code monitoringRecheck}. */
  RedisProxyReconciler(
      OperatorDefaults defaults, Clock clock, MeterRegistry registry, Duration monitoringRecheck) {
    this.defaults = defaults;
    this.clock = clock;
    this.monitoringRecheck = monitoringRecheck;
    this.podMonitorDiscovery = new PodMonitorDiscovery(monitoringRecheck, clock);
    this.slotMoveMetrics = new SlotMoveMetrics(registry);
    this.keyMoveMetrics = new KeyMoveMetrics(registry);
  }

  /**
   * The pods, for where Redis pods run and where proxies answer for their mirrors: each maps to its
   * RedisProxy by the instance label.
   */
  @Override
  public List<EventSource<?, RedisProxy>> prepareEventSources(
      EventSourceContext<RedisProxy> context) {
    InformerEventSourceConfiguration<Pod> pods =
        InformerEventSourceConfiguration.from(Pod.class, RedisProxy.class)
            .withName("redis-pods")
            .withLabelSelector(ResourceNames.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod ->
                    Set.of(
                        new ResourceID(
                            pod.getMetadata().getLabels().get(ResourceNames.INSTANCE_LABEL),
                            pod.getMetadata().getNamespace())))
            .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<RedisProxy> reconcile(RedisProxy resource, Context<RedisProxy> context) {
    RedisProxyModel model;
    Optional<ClusterPlan> cluster = Optional.empty();
    Optional<SlotMover.Progress> progress = Optional.empty();
    ClusterScaling scaling = null;
    Optional<KeyMoves.Plan> keyPlan = Optional.empty();
    try {
      model = RedisProxyModel.of(resource, defaults);
      if (model.managesRedis() && !model.clusterMode()) {
        RedisProxyModel written = model;
        keyPlan =
            Optional.of(
                keyMoves.plan(
                    context,
                    resource,
                    model,
                    n ->
                        n == written.shards()
                            ? written
                            : RedisProxyModel.of(withShards(context, resource, n), defaults)));
        model = keyPlan.get().model();
      }
      if (model.clusterMode()) {
        scaling =
            ClusterScaling.of(model.shards(), context.getSecondaryResources(StatefulSet.class));
        RedisProxyModel present =
            scaling.present() == model.shards()
                ? model
                : RedisProxyModel.of(withShards(context, resource, scaling.present()), defaults);
        // The shards kept form the cluster; slots then move between all that are there.
        cluster =
            Optional.of(
                clusterStep(context, present, present.redisAddresses().subList(0, model.shards())));
        if (cluster.get().formed()) {
          progress = Optional.of(slotStep(context, present, model.shards()));
        }
        if (scaling.kept(progress) != model.shards()) {
          model = present;
        }
      }
    } catch (InvalidSpecException e) {
      return invalid(resource, context, e);
    }
    DesiredModel.put(context, model);
    boolean podMonitorServed = podMonitorDiscovery.served(context.getClient());
    PodMonitorApiServed.put(context, podMonitorServed);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    if (keyPlan.isPresent()) {
      keyMoves.touchPods(context, model);
    }

    String clientService = model.names().clientService();
    StatusCalculator.Observed observed =
        new StatusCalculator.Observed(
            context.getSecondaryResources(StatefulSet.class),
            context.getSecondaryResources(Deployment.class).stream().findFirst(),
            context.getSecondaryResources(Service.class).stream()
                .filter(s -> clientService.equals(s.getMetadata().getName()))
                .findFirst(),
            model.managesRedis()
                ? nodeZones(context)
                    .of(context.getSecondaryResources(Pod.class), model.topologyKey())
                : Map.of(),
            cluster,
            model.mirrors()
                ? Optional.of(mirrorHealth(model, context.getSecondaryResources(Pod.class)))
                : Optional.empty(),
            model.sentinels() ? Optional.of(sentinelStep(context, model)) : Optional.empty(),
            Optional.empty());
    Optional<KeyMoves.Moved> moved =
        keyPlan.filter(p -> p.scaling().runMover()).isPresent()
            ? Optional.of(keyMoves.move(context, resource, keyPlan.get(), observed.sentinels()))
            : Optional.empty();
    Optional<String> restart =
        model.managesRedis() ? restartStep(context, model, observed) : Optional.empty();
    if (restart.isPresent()) {
      observed = observed.withRestart(restart.get());
    }
    RedisProxyStatus status = StatusCalculator.observed(resource, model, observed, clock.instant());
    if (scaling != null) {
      reportScaling(resource, context, status, scaling, cluster.get(), progress);
    } else if (keyPlan.isPresent()) {
      reportKeyMove(resource, context, status, keyPlan.get(), moved);
    }
    status.setConditions(monitoring(resource, model, status, podMonitorServed));
    if (model.podMonitor() && !podMonitorServed) {
      String message = podMonitorMissing();
      if (!alreadyReported(resource, Conditions.MONITORING, message)) {
        SpecEvents.podMonitorUnavailable(context.getClient(), resource, message, clock.instant());
      }
    }
    recordFailovers(resource, status, context);
    if (restart.isEmpty()) {
      // One role change at a time: a restart moves primary roles itself.
      zoneBalancing.step(context.getClient(), model, observed, status, clock.instant());
    }
    UpdateControl<RedisProxy> control = patchIfChanged(resource, status);
    // A restart moves on as servers sync and roles move, which no Kubernetes event announces.
    if (restart.isPresent()) {
      return control.rescheduleAfter(RESTART_RECHECK);
    }
    // Sentinels and Redis Cluster fail primaries over without any Kubernetes event: follow them.
    if (model.sentinels()) {
      return control.rescheduleAfter(SENTINEL_RECHECK);
    }
    // Each reconcile moves slots or keys for a bounded time: go on at once.
    if (status.getSlotMove() != null && progress.isPresent()
        || moved.filter(m -> m.error() == null).isPresent()) {
      return control.rescheduleAfter(SLOT_MOVE_RECHECK);
    }
    // The proxies report how far they are without any Kubernetes event.
    if (keyPlan.filter(p -> p.scaling().waitingFor() != null).isPresent()) {
      return control.rescheduleAfter(KEY_MOVE_RECHECK);
    }
    if (CLUSTER_FORMED.equals(status.getClusterState())) {
      return control.rescheduleAfter(ROLE_RECHECK);
    }
    // Nothing else wakes the reconciler while the servers form their cluster: look again soon.
    if (status.getClusterState() != null && !status.getClusterState().equals(CLUSTER_FORMED)) {
      return control.rescheduleAfter(CLUSTER_RECHECK);
    }
    // Mirror health changes without any Kubernetes event.
    if (model.mirrors()) {
      return control.rescheduleAfter(MIRROR_RECHECK);
    }
    // Nor does installing the Prometheus Operator announce itself to this resource.
    return model.podMonitor() && !podMonitorServed
        ? control.rescheduleAfter(monitoringRecheck)
        : control;
  }

  /** The resource as the model is to see it: with the shard count a running cluster keeps. */
  private static RedisProxy withShards(
      Context<RedisProxy> context, RedisProxy resource, int shards) {
    RedisProxy copy = context.getClient().getKubernetesSerialization().clone(resource);
    copy.getSpec().getRedis().setShards(shards);
    return copy;
  }

  /**
   * The ShardCount condition and the slot move's progress; an event when the shard count changes
   * while slots move, saying the change waits for the slot being moved.
   */
  private void reportScaling(
      RedisProxy resource,
      Context<RedisProxy> context,
      RedisProxyStatus status,
      ClusterScaling scaling,
      ClusterPlan plan,
      Optional<SlotMover.Progress> progress) {
    Optional<SlotMoveStatus> previous =
        Optional.ofNullable(resource.getStatus()).map(RedisProxyStatus::getSlotMove);
    Optional<SlotMoveStatus> slotMove = scaling.slotMove(progress, previous);
    status.setSlotMove(slotMove.orElse(null));
    slotMoveMetrics.record(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        slotMove,
        progress.map(SlotMover.Progress::slotsMoved).orElse(0));
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    status.setConditions(
        Conditions.with(
            status.getConditions(),
            Conditions.SHARD_COUNT,
            slotMove.isEmpty(),
            slotMove.isEmpty() ? "AsSpecified" : "MovingSlots",
            scaling.message(plan, progress, slotMove),
            generation,
            clock.instant()));
    previous
        .filter(p -> slotMove.isPresent() && !slotMove.get().getShards().equals(p.getShards()))
        .ifPresent(
            p ->
                SpecEvents.shardCountChanged(
                    context.getClient(),
                    resource,
                    "spec.redis.shards changed to "
                        + scaling.desired()
                        + " while slots moved to spread over "
                        + p.getShards()
                        + ": the slot being moved is moved first, then slots spread over "
                        + scaling.desired(),
                    clock.instant()));
  }

  /**
   * The ShardCount condition of mode Sharded and the key move's progress; an event when the shard
   * count changes while keys move, saying the change waits for that move.
   */
  private void reportKeyMove(
      RedisProxy resource,
      Context<RedisProxy> context,
      RedisProxyStatus status,
      KeyMoves.Plan plan,
      Optional<KeyMoves.Moved> moved) {
    status.setKeyMove(KeyMoves.status(plan, resource, moved));
    keyMoveMetrics.record(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        plan.move().isPresent(),
        moved.map(KeyMoves.Moved::movedInStep).orElse(0L));
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    String waiting = plan.scaling().waitingFor();
    String error = moved.map(KeyMoves.Moved::error).orElse(null);
    String message =
        waiting == null
            ? "The topology runs the shards spec.redis.shards asks for"
            : error != null ? waiting + "; " + error : waiting;
    Optional<Condition> before =
        Optional.ofNullable(resource.getStatus())
            .flatMap(s -> Conditions.find(s.getConditions(), Conditions.SHARD_COUNT));
    status.setConditions(
        Conditions.with(
            status.getConditions(),
            Conditions.SHARD_COUNT,
            waiting == null,
            waiting == null ? "AsSpecified" : "MovingKeys",
            message,
            generation,
            clock.instant()));
    boolean specChanged =
        before
            .filter(c -> c.getObservedGeneration() != null)
            .filter(c -> c.getObservedGeneration() < generation)
            .isPresent();
    if (specChanged
        && plan.move().isPresent()
        && status.getKeyMove().getShards() != plan.wanted()) {
      SpecEvents.shardCountChanged(
          context.getClient(),
          resource,
          "spec.redis.shards changed to "
              + plan.wanted()
              + " while keys move to "
              + status.getKeyMove().getShards()
              + " shards: that move ends first, then keys move to "
              + plan.wanted(),
          clock.instant());
    }
  }

  /** The Monitoring condition where the spec asks for a PodMonitor; none where it does not. */
  private List<Condition> monitoring(
      RedisProxy resource, RedisProxyModel model, RedisProxyStatus status, boolean served) {
    if (!model.podMonitor()) {
      return Conditions.without(status.getConditions(), Conditions.MONITORING);
    }
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    return Conditions.with(
        status.getConditions(),
        Conditions.MONITORING,
        served,
        served ? "PodMonitorKept" : "PrometheusOperatorMissing",
        served
            ? "PodMonitor "
                + model.names().podMonitor()
                + " scrapes the proxies' /metrics every "
                + model.podMonitorInterval()
            : podMonitorMissing(),
        generation,
        clock.instant());
  }

  private static String podMonitorMissing() {
    return "The proxies' PodMonitor is not created: the cluster serves no "
        + PodMonitor.API_VERSION
        + " "
        + PodMonitor.KIND
        + "; install the Prometheus Operator's CRDs and the operator creates it (everything else"
        + " is reconciled meanwhile), or set spec.proxy.metrics.podMonitor.enabled to false";
  }

  /** One step of restarting the Redis pods onto the current spec, while any runs an older one. */
  private Optional<String> restartStep(
      Context<RedisProxy> context, RedisProxyModel model, StatusCalculator.Observed observed) {
    return restarts.step(
        context.getClient(),
        model,
        observed.statefulSets(),
        context.getSecondaryResources(Pod.class),
        shard -> StatusCalculator.currentPrimary(model, shard, observed),
        clock.instant());
  }

  /** One step towards the formed Redis Cluster, with the servers' password and CA if any. */
  private static ClusterPlan clusterStep(
      Context<RedisProxy> context, RedisProxyModel model, List<List<String>> shards) {
    try {
      return ClusterCredentials.formation(context.getClient(), model).step(shards);
    } catch (IllegalStateException e) {
      return new ClusterPlan(List.of(), false, e.getMessage(), List.of());
    }
  }

  /**
   * Moves slots for a bounded time towards {@code desired} shards holding them evenly, among all
   * the shards {@code model} has.
   */
  private static SlotMover.Progress slotStep(
      Context<RedisProxy> context, RedisProxyModel model, int desired) {
    SlotMover.Settings settings =
        new SlotMover.Settings(
            model.slotMoveKeysPerBatch(), model.slotMovePause(), SLOT_MOVE_BUDGET);
    try {
      return ClusterCredentials.slotMover(context.getClient(), model, settings)
          .step(model.redisAddresses(), desired);
    } catch (IllegalStateException e) {
      return new SlotMover.Progress(-1, 0, false, e.getMessage());
    }
  }

  /** One step towards sentinels that watch every shard, with the servers' password and CA. */
  private static SentinelPlan sentinelStep(Context<RedisProxy> context, RedisProxyModel model) {
    Map<String, List<String>> shards = new LinkedHashMap<>();
    for (int shard = 0; shard < model.shards(); shard++) {
      shards.put(model.names().sentinelMaster(shard), model.redisAddresses().get(shard));
    }
    SentinelPlan.Settings settings =
        new SentinelPlan.Settings(
            model.sentinelQuorum(),
            model.sentinelDownAfter().toMillis(),
            model.sentinelFailoverTimeout().toMillis());
    try {
      return ClusterCredentials.sentinelSetup(context.getClient(), model)
          .step(model.sentinelAddresses(), shards, settings);
    } catch (IllegalStateException e) {
      return new SentinelPlan(List.of(), Map.of(), Map.of(), e.getMessage());
    }
  }

  /** A Failover event for every shard whose primary moved since the last status. */
  private void recordFailovers(
      RedisProxy resource, RedisProxyStatus status, Context<RedisProxy> context) {
    if (resource.getStatus() == null
        || resource.getStatus().getShardStatuses() == null
        || status.getShardStatuses() == null) {
      return;
    }
    Map<String, String> before = new LinkedHashMap<>();
    for (ShardStatus shard : resource.getStatus().getShardStatuses()) {
      before.put(shard.getName(), shard.getPrimary());
    }
    for (ShardStatus shard : status.getShardStatuses()) {
      String previous = before.get(shard.getName());
      if (previous != null && !previous.equals(shard.getPrimary())) {
        SpecEvents.failover(
            context.getClient(),
            resource,
            shard.getName() + ": the primary moved from " + previous + " to " + shard.getPrimary(),
            clock.instant());
      }
    }
  }

  /** What the running proxies of this resource report about their mirror targets. */
  private List<MirrorStatus> mirrorHealth(RedisProxyModel model, Collection<Pod> pods) {
    String component =
        model.managesRedis() ? ResourceNames.REDIS_COMPONENT : ResourceNames.PROXY_COMPONENT;
    List<String> ips =
        pods.stream()
            .filter(
                pod ->
                    component.equals(
                        pod.getMetadata().getLabels().get(ResourceNames.COMPONENT_LABEL)))
            .filter(pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))
            .map(pod -> pod.getStatus().getPodIP())
            .filter(Objects::nonNull)
            .toList();
    return MirrorHealth.summarize(
        adminReader.read(ips, model.adminPort(), "/metrics").stream()
            .map(MirrorHealth::parse)
            .toList());
  }

  private NodeZones nodeZones(Context<RedisProxy> context) {
    if (nodeZones == null) {
      nodeZones = new NodeZones(context.getClient());
    }
    return nodeZones;
  }

  @Override
  public ErrorStatusUpdateControl<RedisProxy> updateErrorStatus(
      RedisProxy resource, Context<RedisProxy> context, Exception e) {
    RedisProxyStatus status =
        StatusCalculator.failed(
            resource, "Could not apply the desired objects: " + describe(e), clock.instant());
    return ErrorStatusUpdateControl.patchStatus(withStatus(resource, status));
  }

  private UpdateControl<RedisProxy> invalid(
      RedisProxy resource, Context<RedisProxy> context, InvalidSpecException e) {
    RedisProxyStatus status = StatusCalculator.invalid(resource, e.problems(), clock.instant());
    String message = String.join("; ", e.problems());
    if (!alreadyReported(resource, Conditions.VALID, message)) {
      SpecEvents.invalidSpec(context.getClient(), resource, message, clock.instant());
    }
    return patchIfChanged(resource, status);
  }

  /**
   * Whether the resource's status already holds condition {@code type} false for {@code message}.
   */
  private static boolean alreadyReported(RedisProxy resource, String type, String message) {
    return resource.getStatus() != null
        && Conditions.find(resource.getStatus().getConditions(), type)
            .filter(c -> "False".equals(c.getStatus()) && message.equals(c.getMessage()))
            .isPresent();
  }

  /** Patching an unchanged status would only wake every watcher of RedisProxies. */
  private static UpdateControl<RedisProxy> patchIfChanged(
      RedisProxy resource, RedisProxyStatus status) {
    if (Objects.equals(resource.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(withStatus(resource, status));
  }

  /** A resource holding only what the status patch needs, so no other field is claimed. */
  private static RedisProxy withStatus(RedisProxy resource, RedisProxyStatus status) {
    RedisProxy patch = new RedisProxy();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static String describe(Exception e) {
    if (e instanceof AggregatedOperatorException aggregated) {
      return aggregated.getAggregatedExceptions().entrySet().stream()
          .map(entry -> entry.getKey() + ": " + describe(entry.getValue()))
          .collect(Collectors.joining("; "));
    }
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof KubernetesClientException client && client.getStatus() != null) {
        return Optional.ofNullable(client.getStatus().getMessage()).orElse(client.getMessage());
      }
      cause = cause.getCause();
    }
    return String.valueOf(e.getMessage());
  }
}
