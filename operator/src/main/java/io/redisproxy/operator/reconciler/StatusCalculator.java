package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.redisproxy.operator.api.v1alpha1.ClientServiceType;
import io.redisproxy.operator.api.v1alpha1.MirrorStatus;
import io.redisproxy.operator.api.v1alpha1.Phase;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.api.v1alpha1.ShardStatus;
import io.redisproxy.operator.cluster.ClusterPlan;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.sentinel.SentinelPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what the workloads report into the RedisProxy status. Exactly one of Ready, Progressing and
 * Degraded holds: Progressing until every pod runs the current spec and is ready, then Ready, and
 * Degraded when pods stop being ready after that at the same spec.
 */
final class StatusCalculator {
  private StatusCalculator() {}

  static final String CLUSTER_FORMED = "Formed";

  /**
   * What the reconciler saw.
   *
   * @param podZones the zone of each Redis pod whose node's zone is known
   * @param cluster the last formation step of a managed Redis Cluster
   * @param mirrors when the resource mirrors, each target as the proxies that answered report it
   * @param sentinels the last setup step of the sentinels that fail primaries over, if any
   * @param restart what the restart of Redis pods onto the current spec did or waits for, while one
   *     is under way
   */
  record Observed(
      Collection<StatefulSet> statefulSets,
      Optional<Deployment> proxyTier,
      Optional<Service> clientService,
      Map<String, String> podZones,
      Optional<ClusterPlan> cluster,
      Optional<List<MirrorStatus>> mirrors,
      Optional<SentinelPlan> sentinels,
      Optional<String> restart) {
    Observed withRestart(String step) {
      return new Observed(
          statefulSets,
          proxyTier,
          clientService,
          podZones,
          cluster,
          mirrors,
          sentinels,
          Optional.of(step));
    }
  }

  /** The status of a valid resource, from its workloads as observed. */
  static RedisProxyStatus observed(
      RedisProxy resource, RedisProxyModel model, Observed observed, Instant now) {
    Collection<StatefulSet> statefulSets = observed.statefulSets();
    Optional<Deployment> proxyTier = observed.proxyTier();
    Optional<Service> clientService = observed.clientService();
    long generation = generation(resource);
    RedisProxyStatus previous = previous(resource);
    RedisProxyStatus status = new RedisProxyStatus();
    status.setObservedGeneration(generation);
    status.setMode(model.mode());
    status.setProxies(model.proxies());
    status.setEndpoint(endpoint(model, clientService));

    Rollout rollout;
    if (model.managesRedis()) {
      rollout = shards(model, observed, previous, status);
      status.setShards(model.shards());
    } else {
      rollout = proxyTier(model, proxyTier);
      status.setShards(
          model.proxyConfig().upstreams().stream().mapToInt(u -> u.shards().size()).sum());
    }
    status.setReadyProxies(rollout.readyProxies());
    status.setReady(rollout.readyProxies() + "/" + model.proxies());

    boolean ready = rollout.complete() && rollout.readyProxies() == model.proxies();
    boolean wasReady =
        Objects.equals(previous.getObservedGeneration(), generation)
            && (Conditions.isTrue(previous.getConditions(), Conditions.READY)
                || Conditions.isTrue(previous.getConditions(), Conditions.DEGRADED));
    Phase phase = ready ? Phase.Ready : wasReady ? Phase.Degraded : Phase.Progressing;
    status.setPhase(phase);

    String readiness = rollout.describe(status);
    List<Condition> conditions = previous.getConditions();
    conditions =
        Conditions.with(
            conditions, Conditions.VALID, true, "Valid", "The spec can be served", generation, now);
    conditions =
        Conditions.with(
            conditions,
            Conditions.READY,
            ready,
            ready ? "AllProxiesReady" : "ProxiesNotReady",
            readiness,
            generation,
            now);
    conditions =
        Conditions.with(
            conditions,
            Conditions.PROGRESSING,
            phase == Phase.Progressing,
            phase == Phase.Progressing ? "RollingOut" : "RolloutComplete",
            phase == Phase.Progressing
                ? "Creating or updating pods for the current spec; "
                    + readiness
                    + observed.restart().map(step -> "; " + step).orElse("")
                : "Every pod runs the current spec",
            generation,
            now);
    conditions =
        Conditions.with(
            conditions,
            Conditions.DEGRADED,
            phase == Phase.Degraded,
            phase == Phase.Degraded ? "ProxiesNotReady" : "AsExpected",
            phase == Phase.Degraded
                ? "Pods stopped being ready after the rollout; " + readiness
                : "No pod has stopped being ready",
            generation,
            now);
    if (observed.mirrors().isPresent()) {
      List<MirrorStatus> mirrors = observed.mirrors().get();
      status.setMirrors(mirrors);
      String problem =
          mirrors.isEmpty()
              ? "no proxy has reported its mirrors yet"
              : MirrorHealth.problem(mirrors);
      conditions =
          Conditions.with(
              conditions,
              Conditions.MIRRORING,
              problem == null,
              problem == null ? "AllMirrorsConnected" : "MirrorsBehind",
              problem == null
                  ? "Every proxy is connected to every mirror target and dropped nothing"
                  : problem,
              generation,
              now);
    }
    if (model.managesRedis()) {
      String problem = ZoneRedundancy.problem(model, observed.podZones());
      conditions =
          Conditions.with(
              conditions,
              Conditions.ZONE_REDUNDANT,
              problem == null,
              problem == null ? "ShardsSpreadOverZones" : "ShardInOneZone",
              problem == null
                  ? "No scheduled pod of a shard shares a zone with another of its shard"
                  : problem,
              generation,
              now);
    }
    if (observed.sentinels().isPresent()) {
      String problem = observed.sentinels().get().problem();
      conditions =
          Conditions.with(
              conditions,
              Conditions.FAILOVER,
              problem == null,
              problem == null ? "SentinelsWatching" : "CannotFailOver",
              problem == null
                  ? "The sentinels watch every shard and each has a healthy replica"
                  : problem,
              generation,
              now);
    }
    status.setConditions(conditions);
    return status;
  }

  /**
   * The status of a resource whose spec cannot be served: Valid is false, everything else still
   * describes the objects as they were, since none of them was changed.
   */
  static RedisProxyStatus invalid(RedisProxy resource, List<String> problems, Instant now) {
    long generation = generation(resource);
    RedisProxyStatus status = copy(previous(resource));
    status.setObservedGeneration(generation);
    status.setPhase(Phase.Invalid);
    status.setConditions(
        Conditions.with(
            status.getConditions(),
            Conditions.VALID,
            false,
            "InvalidSpec",
            String.join("; ", problems),
            generation,
            now));
    return status;
  }

  /** The status after the objects could not be applied; the message says what failed. */
  static RedisProxyStatus failed(RedisProxy resource, String message, Instant now) {
    RedisProxyStatus status = copy(previous(resource));
    status.setPhase(Phase.Degraded);
    status.setConditions(
        Conditions.with(
            status.getConditions(),
            Conditions.DEGRADED,
            true,
            "ApplyFailed",
            message,
            generation(resource),
            now));
    return status;
  }

  private static Rollout shards(
      RedisProxyModel model,
      Observed observed,
      RedisProxyStatus previous,
      RedisProxyStatus status) {
    Collection<StatefulSet> statefulSets = observed.statefulSets();
    Map<String, String> podZones = observed.podZones();
    Optional<ClusterPlan> cluster = observed.cluster();
    Map<String, String> previousPrimaries = new LinkedHashMap<>();
    if (previous.getShardStatuses() != null) {
      previous.getShardStatuses().forEach(s -> previousPrimaries.put(s.getName(), s.getPrimary()));
    }
    ResourceNames names = model.names();
    int pods = model.podsPerShard();
    boolean complete = true;
    int readyShards = 0;
    int readyProxies = 0;
    List<String> lagging = new ArrayList<>();
    List<ShardStatus> shardStatuses = new ArrayList<>();
    for (int shard = 0; shard < model.shards(); shard++) {
      String name = names.shardStatefulSet(shard);
      Optional<StatefulSet> statefulSet =
          statefulSets.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst();
      int ready = statefulSet.map(s -> readyReplicas(s.getStatus(), pods)).orElse(0);
      boolean rolledOut = statefulSet.map(s -> rolledOut(s, pods)).orElse(false);
      complete &= rolledOut;
      readyProxies += ready;
      if (rolledOut && ready == pods) {
        readyShards++;
      } else {
        lagging.add(lagging(names.shardName(shard), rolledOut, ready, pods));
      }
      ShardStatus shardStatus = new ShardStatus();
      shardStatus.setName(names.shardName(shard));
      shardStatus.setPrimary(
          primary(model, shard, observed, previousPrimaries.get(names.shardName(shard))));
      List<String> podNames = new ArrayList<>();
      Map<String, String> zones = new LinkedHashMap<>();
      for (int ordinal = 0; ordinal < pods; ordinal++) {
        String pod = names.redisPod(shard, ordinal);
        podNames.add(pod);
        if (podZones.containsKey(pod)) {
          zones.put(pod, podZones.get(pod));
        }
      }
      shardStatus.setPods(podNames);
      shardStatus.setZones(zones);
      shardStatus.setReady(ready + "/" + pods);
      shardStatuses.add(shardStatus);
    }
    status.setReadyShards(readyShards);
    status.setShardStatuses(shardStatuses);
    if (cluster.isPresent()) {
      ClusterPlan plan = cluster.get();
      status.setClusterState(plan.formed() ? CLUSTER_FORMED : "Forming: " + plan.waitingFor());
      if (!plan.formed()) {
        complete = false;
        lagging.add("the Redis Cluster (" + plan.waitingFor() + ")");
      }
    }
    return new Rollout(complete, readyProxies, lagging);
  }

  /**
   * The pod a formed Redis Cluster, or the sentinels, name the shard's primary. While neither can
   * say (servers unreachable for a moment), the primary last reported: falling back to pod 0 would
   * report, and record as a failover, a move that did not happen. Pod 0 on a shard's first start.
   */
  private static String primary(
      RedisProxyModel model, int shard, Observed observed, String previousPrimary) {
    return currentPrimary(model, shard, observed)
        .orElse(previousPrimary != null ? previousPrimary : model.names().redisPod(shard, 0));
  }

  /**
   * The pod the formed Redis Cluster or the sentinels name the shard's primary now, or a shard's
   * only pod; empty while they cannot say.
   */
  static Optional<String> currentPrimary(RedisProxyModel model, int shard, Observed observed) {
    ResourceNames names = model.names();
    if (model.podsPerShard() == 1) {
      return Optional.of(names.redisPod(shard, 0));
    }
    String address =
        observed.cluster().filter(ClusterPlan::formed).isPresent()
            ? primaryOf(observed.cluster().get(), shard)
            : observed
                .sentinels()
                .map(plan -> plan.primaries().get(names.sentinelMaster(shard)))
                .orElse(null);
    int ordinal = address != null ? model.redisAddresses().get(shard).indexOf(address) : -1;
    return ordinal >= 0 ? Optional.of(names.redisPod(shard, ordinal)) : Optional.empty();
  }

  /** None for a shard that goes: the cluster formed is that of the shards kept. */
  private static String primaryOf(ClusterPlan plan, int shard) {
    return shard < plan.primaries().size() ? plan.primaries().get(shard) : null;
  }

  private static Rollout proxyTier(RedisProxyModel model, Optional<Deployment> deployment) {
    int replicas = model.proxyReplicas();
    int ready = deployment.map(d -> readyReplicas(d.getStatus(), replicas)).orElse(0);
    boolean complete = deployment.map(d -> rolledOut(d, replicas)).orElse(false);
    List<String> lagging =
        complete && ready == replicas
            ? List.of()
            : List.of(lagging("the proxy tier", complete, ready, replicas));
    return new Rollout(complete, ready, lagging);
  }

  private static String lagging(String what, boolean rolledOut, int ready, int desired) {
    return what + (rolledOut ? "" : " (rolling out)") + " with " + ready + "/" + desired + " ready";
  }

  /**
   * Whether every pod runs the current template. Pods are counted, not revisions compared: under
   * the OnDelete strategy the controller may leave currentRevision behind.
   */
  private static boolean rolledOut(StatefulSet statefulSet, int replicas) {
    StatefulSetStatus status = statefulSet.getStatus();
    return status != null
        && observed(statefulSet.getMetadata().getGeneration(), status.getObservedGeneration())
        && count(status.getReplicas()) == replicas
        && count(status.getUpdatedReplicas()) == replicas;
  }

  private static boolean rolledOut(Deployment deployment, int replicas) {
    DeploymentStatus status = deployment.getStatus();
    return status != null
        && observed(deployment.getMetadata().getGeneration(), status.getObservedGeneration())
        && count(status.getReplicas()) == replicas
        && count(status.getUpdatedReplicas()) == replicas;
  }

  private static int readyReplicas(StatefulSetStatus status, int desired) {
    return status != null ? Math.min(count(status.getReadyReplicas()), desired) : 0;
  }

  private static int readyReplicas(DeploymentStatus status, int desired) {
    return status != null ? Math.min(count(status.getReadyReplicas()), desired) : 0;
  }

  private static boolean observed(Long generation, Long observedGeneration) {
    return generation == null || (observedGeneration != null && observedGeneration >= generation);
  }

  private static int count(Integer value) {
    return value != null ? value : 0;
  }

  /** The load balancer's address once it has one; the in-cluster name until then. */
  private static String endpoint(RedisProxyModel model, Optional<Service> clientService) {
    if (model.serviceType() == ClientServiceType.LoadBalancer) {
      Optional<String> external =
          clientService
              .map(Service::getStatus)
              .map(s -> s.getLoadBalancer())
              .map(lb -> lb.getIngress())
              .flatMap(ingress -> ingress.stream().map(StatusCalculator::address).findFirst())
              .filter(Objects::nonNull);
      if (external.isPresent()) {
        return external.get() + ":" + model.proxyPort();
      }
    }
    return model.clusterEndpoint();
  }

  private static String address(LoadBalancerIngress ingress) {
    return ingress.getHostname() != null ? ingress.getHostname() : ingress.getIp();
  }

  private static long generation(RedisProxy resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation != null ? generation : 0;
  }

  private static RedisProxyStatus previous(RedisProxy resource) {
    return resource.getStatus() != null ? resource.getStatus() : new RedisProxyStatus();
  }

  private static RedisProxyStatus copy(RedisProxyStatus previous) {
    RedisProxyStatus status = new RedisProxyStatus();
    status.setObservedGeneration(previous.getObservedGeneration());
    status.setPhase(previous.getPhase());
    status.setConditions(copy(previous.getConditions()));
    status.setMode(previous.getMode());
    status.setShards(previous.getShards());
    status.setReadyShards(previous.getReadyShards());
    status.setProxies(previous.getProxies());
    status.setReadyProxies(previous.getReadyProxies());
    status.setReady(previous.getReady());
    status.setEndpoint(previous.getEndpoint());
    status.setShardStatuses(copy(previous.getShardStatuses()));
    status.setClusterState(previous.getClusterState());
    status.setSlotMove(previous.getSlotMove());
    status.setMirrors(copy(previous.getMirrors()));
    return status;
  }

  private static <T> List<T> copy(List<T> list) {
    return list != null ? new ArrayList<>(list) : new ArrayList<>();
  }

  /** How far the workloads are: all on the current spec or not, and who is not ready. */
  private record Rollout(boolean complete, int readyProxies, List<String> lagging) {
    String describe(RedisProxyStatus status) {
      String ready = status.getReady() + " proxies ready";
      return lagging.isEmpty() ? ready : ready + "; waiting for " + String.join(", ", lagging);
    }
  }
}
