package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.redisproxy.operator.api.v1alpha1.KeyMoveStatus;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.sentinel.SentinelPlan;
import io.redisproxy.operator.sharded.KeyMover;
import io.redisproxy.operator.sharded.MoveReports;
import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import io.redisproxy.operator.sharded.ShardedScaling;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.route.StagedKeys;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a change of {@code shards} in mode Sharded: reads the group the proxies are given
 * (their ConfigMap) and what they report, lets {@link ShardedScaling} decide, moves keys for a
 * bounded time per reconcile, and touches the proxies' pods after each config step so the kubelet
 * hands them the new config at once instead of at its next sync.
 */
final class KeyMoves {
  /** On each Redis pod: the digest of the proxy config the operator last handed it. */
  static final String PROXY_CONFIG_ANNOTATION = "redisproxy.io/proxy-config";

  private static final Duration MOVE_BUDGET = Duration.ofSeconds(2);
  // Larger keys go piece by piece; the proxies hand over those they meet first by the same bound.
  private static final long BYTES_PER_BATCH = StagedKeys.LARGE_KEY_BYTES;
  private static final Logger LOG = LoggerFactory.getLogger(KeyMoves.class);

  private final ProxyAdminReader adminReader;

  KeyMoves(ProxyAdminReader adminReader) {
    this.adminReader = adminReader;
  }

  /**
   * What one reconcile does.
   *
   * @param model the model to apply: the servers of every shard keys move from or to, the group the
   *     proxies are to have
   * @param scaling what {@link ShardedScaling} decided
   * @param wanted the shards the spec asks for
   */
  record Plan(RedisProxyModel model, ShardedScaling scaling, int wanted) {
    /** The move the proxies are given, if any. */
    Optional<Resharding> move() {
      return Optional.ofNullable(model.managedGroup().resharding());
    }
  }

  /**
   * @param model the model of the spec as written
   * @param withShards the model of the spec with another shard count
   */
  Plan plan(
      Context<RedisProxy> context,
      RedisProxy resource,
      RedisProxyModel model,
      IntFunction<RedisProxyModel> withShards) {
    Collection<StatefulSet> statefulSets = redisStatefulSets(context);
    int running = statefulSets.size();
    Optional<UpstreamConfig> published = published(context, model);
    int wanted = model.shards();
    int widest =
        Math.max(Math.max(wanted, running), published.map(g -> g.allShards().size()).orElse(0));
    RedisProxyModel widestModel = widest == wanted ? model : withShards.apply(widest);
    UpstreamConfig rendered = widestModel.managedGroup();
    UpstreamConfig live =
        published.orElse(rendered.withShards(rendered.shards().subList(0, running)));
    Optional<KeyMoveStatus> previous = previous(resource);
    boolean moverDone =
        live.moving()
            && previous
                .filter(p -> live.resharding().id().equals(p.getId()))
                .filter(p -> Boolean.TRUE.equals(p.getDone()))
                .isPresent();
    ShardedScaling scaling =
        ShardedScaling.of(
            live,
            rendered.shards().subList(0, wanted),
            running,
            serversReady(model, statefulSets, widest),
            "g" + Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L),
            () -> reports(context, model),
            moverDone);
    RedisProxyModel present =
        scaling.present() == widest ? widestModel : withShards.apply(scaling.present());
    return new Plan(present.withManagedGroup(onto(scaling.routed(), rendered)), scaling, wanted);
  }

  /**
   * Moves keys of the plan's move for a bounded time, from where the last reconcile stopped.
   *
   * @param sentinels what the sentinels name each shard's primary, where they watch the shards
   * @return where the move stands, or why keys cannot move now
   */
  Moved move(
      Context<RedisProxy> context,
      RedisProxy resource,
      Plan plan,
      Optional<SentinelPlan> sentinels) {
    Resharding move = plan.move().orElseThrow();
    KeyMover.Position from = position(previous(resource), move.id());
    RedisProxyModel model = plan.model();
    try {
      KeyMover mover =
          ClusterCredentials.keyMover(
              context.getClient(),
              model,
              new KeyMover.Settings(
                  model.slotMoveKeysPerBatch(),
                  BYTES_PER_BATCH,
                  model.slotMovePause(),
                  MOVE_BUDGET));
      KeyMover.Progress progress =
          mover.step(model.managedGroup(), primaries(model, sentinels), from);
      return new Moved(progress.position(), progress.done(), progress.movedInStep(), null);
    } catch (RuntimeException e) {
      LOG.info("keys of {} cannot move now: {}", model.names().instance(), e.toString());
      return new Moved(from, false, 0, "keys cannot move now: " + e.getMessage());
    }
  }

  /**
   * Where the mover stands after a step.
   *
   * @param movedInStep how many keys this step moved
   * @param error why it could not move keys, or null
   */
  record Moved(KeyMover.Position position, boolean done, long movedInStep, String error) {}

  /**
   * The move for the status: the one the proxies are given, with where the mover stands (as it
   * moved now, or as the status said before).
   */
  static KeyMoveStatus status(Plan plan, RedisProxy resource, Optional<Moved> moved) {
    Optional<Resharding> move = plan.move();
    if (move.isEmpty()) {
      return null;
    }
    String id = move.get().id();
    Optional<KeyMoveStatus> previous = previous(resource).filter(p -> id.equals(p.getId()));
    KeyMover.Position position = moved.map(Moved::position).orElseGet(() -> position(previous, id));
    boolean done =
        moved
            .map(Moved::done)
            .orElseGet(() -> previous.map(p -> Boolean.TRUE.equals(p.getDone())).orElse(false));
    KeyMoveStatus status = new KeyMoveStatus();
    status.setId(id);
    status.setFromShards(move.get().previousShards().size());
    status.setShards(plan.model().managedGroup().shards().size());
    status.setPhase(move.get().phase().configName());
    status.setKeysMoved(position.moved());
    status.setScanShard(position.shard());
    status.setScanCursor(position.cursor());
    status.setKeysFoundInPass(position.foundInPass());
    status.setDone(done && move.get().phase() == Resharding.Phase.MOVE);
    return status;
  }

  /**
   * Annotates every running Redis pod with the digest of the proxy config, where it differs: a
   * change of a pod makes the kubelet refresh its mounted ConfigMap now rather than within its sync
   * period (about a minute), and requests on moving keys wait while the proxies catch up.
   */
  void touchPods(Context<RedisProxy> context, RedisProxyModel model) {
    String digest = ConfigCodec.hash(model.proxyConfig());
    KubernetesClient client = context.getClient();
    for (Pod pod : runningRedisPods(context)) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (annotations != null && digest.equals(annotations.get(PROXY_CONFIG_ANNOTATION))) {
        continue;
      }
      String patch =
          "{\"metadata\":{\"annotations\":{\""
              + PROXY_CONFIG_ANNOTATION
              + "\":\""
              + digest
              + "\"}}}";
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      } catch (KubernetesClientException e) {
        // The kubelet's own sync hands the pod the config anyway, only later.
        LOG.info("cannot annotate pod {}: {}", pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  /** The group of the managed servers as the proxies' ConfigMap holds it, if it reads. */
  private static Optional<UpstreamConfig> published(
      Context<RedisProxy> context, RedisProxyModel model) {
    String name = model.names().configMap();
    String group = model.names().managedUpstreamGroup();
    return context.getSecondaryResources(ConfigMap.class).stream()
        .filter(c -> name.equals(c.getMetadata().getName()))
        .findFirst()
        .map(ConfigMap::getData)
        .map(data -> data.get(ResourceNames.PROXY_CONFIG_KEY))
        .flatMap(
            yaml -> {
              try {
                return ConfigCodec.decode(yaml).upstreams().stream()
                    .filter(u -> group.equals(u.name()))
                    .findFirst();
              } catch (RuntimeException e) {
                LOG.warn("the proxy ConfigMap {} does not read: {}", name, e.getMessage());
                return Optional.empty();
              }
            });
  }

  /**
   * {@code routed} with its shards as the spec renders them now: shard names are by index, so a
   * list of shards is a prefix of the widest list.
   */
  private static UpstreamConfig onto(UpstreamConfig routed, UpstreamConfig rendered) {
    UpstreamConfig shards =
        rendered.withShards(rendered.shards().subList(0, routed.shards().size()));
    if (!routed.moving()) {
      return shards;
    }
    Resharding move = routed.resharding();
    return shards.withResharding(
        new Resharding(
            move.id(), move.phase(), rendered.shards().subList(0, move.previousShards().size())));
  }

  private static boolean serversReady(
      RedisProxyModel model, Collection<StatefulSet> statefulSets, int shards) {
    for (int shard = 0; shard < shards; shard++) {
      String name = model.names().shardStatefulSet(shard);
      boolean ready =
          statefulSets.stream()
              .filter(s -> name.equals(s.getMetadata().getName()))
              .anyMatch(
                  s ->
                      s.getStatus() != null
                          && s.getStatus().getReadyReplicas() != null
                          && s.getStatus().getReadyReplicas() >= model.podsPerShard());
      if (!ready) {
        return false;
      }
    }
    return true;
  }

  private List<ProxyReport> reports(Context<RedisProxy> context, RedisProxyModel model) {
    List<String> ips =
        runningRedisPods(context).stream().map(p -> p.getStatus().getPodIP()).toList();
    return adminReader.answers(ips, model.adminPort(), "/resharding").stream()
        .map(
            answer ->
                answer.error() != null
                    ? new ProxyReport(answer.ip(), List.of(), answer.error())
                    : MoveReports.parse(answer.ip(), answer.body()))
        .toList();
  }

  /** Each shard's primary by shard name; throws naming a shard whose primary is not known. */
  private static Map<String, String> primaries(
      RedisProxyModel model, Optional<SentinelPlan> sentinels) {
    Map<String, String> primaries = new LinkedHashMap<>();
    ResourceNames names = model.names();
    for (int shard = 0; shard < model.shards(); shard++) {
      String primary =
          sentinels.isPresent()
              ? sentinels.get().primaries().get(names.sentinelMaster(shard))
              : model.redisAddresses().get(shard).get(0);
      if (primary == null) {
        throw new IllegalStateException(
            "the sentinels name no primary of " + names.shardName(shard) + " yet");
      }
      primaries.put(names.shardName(shard), primary);
    }
    return primaries;
  }

  private static Collection<StatefulSet> redisStatefulSets(Context<RedisProxy> context) {
    return context.getSecondaryResources(StatefulSet.class).stream()
        .filter(s -> ResourceNames.REDIS_COMPONENT.equals(component(s.getMetadata().getLabels())))
        .toList();
  }

  /** The Redis pods that run, each with its proxy: the ones whose reports a step waits for. */
  private static List<Pod> runningRedisPods(Context<RedisProxy> context) {
    return context.getSecondaryResources(Pod.class).stream()
        .filter(p -> ResourceNames.REDIS_COMPONENT.equals(component(p.getMetadata().getLabels())))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
        .filter(
            p ->
                !"Succeeded".equals(p.getStatus().getPhase())
                    && !"Failed".equals(p.getStatus().getPhase()))
        .toList();
  }

  private static String component(Map<String, String> labels) {
    return labels == null ? null : labels.get(ResourceNames.COMPONENT_LABEL);
  }

  private static Optional<KeyMoveStatus> previous(RedisProxy resource) {
    return Optional.ofNullable(resource.getStatus()).map(RedisProxyStatus::getKeyMove);
  }

  private static KeyMover.Position position(Optional<KeyMoveStatus> previous, String id) {
    return previous
        .filter(p -> id.equals(p.getId()))
        .filter(p -> p.getScanShard() != null && p.getScanCursor() != null)
        .map(
            p ->
                new KeyMover.Position(
                    p.getScanShard(),
                    p.getScanCursor(),
                    Optional.ofNullable(p.getKeysFoundInPass()).orElse(0L),
                    Optional.ofNullable(p.getKeysMoved()).orElse(0L)))
        .orElse(KeyMover.Position.START);
  }
}
