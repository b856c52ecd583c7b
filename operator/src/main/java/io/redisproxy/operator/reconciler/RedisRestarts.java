package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.rollout.ClusterHandover;
import io.redisproxy.operator.rollout.Handover;
import io.redisproxy.operator.rollout.RedisRoles;
import io.redisproxy.operator.rollout.Rollout;
import io.redisproxy.operator.rollout.RolloutPlan;
import io.redisproxy.operator.rollout.RolloutShards;
import io.redisproxy.operator.rollout.SentinelHandover;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisClientConfig;

/**
 * Restarts the Redis pods of a resource onto its current spec, one step per reconcile (see {@link
 * RolloutPlan}), and remembers the pods it deleted until their informer shows the replacements.
 */
final class RedisRestarts {
  private static final Duration SYNC_PATIENCE = Duration.ofSeconds(5);
  private static final Duration PROMOTION_PATIENCE = Duration.ofSeconds(15);

  /** How long after a failed handover the next may pause the primary's writes again. */
  static final Duration HANDOVER_BACKOFF = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(RedisRestarts.class);

  /** The uid of each pod deleted, by namespace/name. */
  private final Map<String, String> deleted = new ConcurrentHashMap<>();

  /** The last failed handover of each shard, by namespace/instance/shard. */
  private final Map<String, FailedHandover> failedHandovers = new ConcurrentHashMap<>();

  private record FailedHandover(Instant at, String message) {}

  /**
   * Takes the next step; returns what it did or waits for, or empty when every Redis pod runs the
   * current spec.
   *
   * @param primaries each shard's primary pod as its sentinels or Redis Cluster name it now
   */
  Optional<String> step(
      KubernetesClient client,
      RedisProxyModel model,
      Collection<StatefulSet> statefulSets,
      Collection<Pod> pods,
      IntFunction<Optional<String>> primaries,
      Instant now) {
    String namespace = model.names().namespace();
    forgetReplaced(namespace, pods);
    RolloutPlan.Step step =
        RolloutPlan.next(
            RolloutShards.of(model, statefulSets, pods, primaries, deletedIn(namespace)));
    if (step instanceof RolloutPlan.Done) {
      return Optional.empty();
    }
    if (step instanceof RolloutPlan.Wait) {
      return Optional.of(step.describe());
    }
    if (step instanceof RolloutPlan.HandOver move) {
      FailedHandover last = failedHandovers.get(handoverKey(model, move.shard()));
      if (last != null && now.isBefore(last.at().plus(HANDOVER_BACKOFF))) {
        return Optional.of(
            last.message() + "; trying again at " + last.at().plus(HANDOVER_BACKOFF));
      }
    }
    String message;
    try {
      Rollout.Outcome outcome = rollout(client, model, pods).carryOut(step);
      message = outcome.message();
      if (step instanceof RolloutPlan.HandOver move) {
        String key = handoverKey(model, move.shard());
        if (outcome.failedHandover()) {
          failedHandovers.put(key, new FailedHandover(now, message));
        } else {
          failedHandovers.remove(key);
        }
      }
    } catch (IllegalStateException e) {
      message = step.describe() + ": " + e.getMessage();
    }
    LOG.info("{}: {}", model.names().instance(), message);
    return Optional.of(message);
  }

  private static String handoverKey(RedisProxyModel model, String shard) {
    return model.names().namespace() + "/" + model.names().instance() + "/" + shard;
  }

  /** How primary roles move in this topology: by its sentinels, or by Redis Cluster. */
  static Handover handover(RedisProxyModel model, JedisClientConfig config) {
    return model.clusterMode()
        ? new ClusterHandover(config, PROMOTION_PATIENCE)
        : new SentinelHandover(
            config, model.sentinelAddresses(), SYNC_PATIENCE, PROMOTION_PATIENCE);
  }

  private Rollout rollout(KubernetesClient client, RedisProxyModel model, Collection<Pod> pods) {
    JedisClientConfig config = ClusterCredentials.control(client, model);
    String namespace = model.names().namespace();
    return new Rollout(
        new RedisRoles(config),
        handover(model, config),
        pod -> delete(client, namespace, pod, pods),
        pod -> model.names().hostOf(pod) + ":" + RedisProxyModel.REDIS_PORT);
  }

  private void delete(
      KubernetesClient client, String namespace, String name, Collection<Pod> pods) {
    pods.stream()
        .filter(p -> name.equals(p.getMetadata().getName()))
        .findFirst()
        .ifPresent(p -> deleted.put(namespace + "/" + name, p.getMetadata().getUid()));
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /** The deleted pods of {@code namespace}, by name. */
  private Map<String, String> deletedIn(String namespace) {
    Map<String, String> here = new HashMap<>();
    deleted.forEach(
        (key, uid) -> {
          if (key.startsWith(namespace + "/")) {
            here.put(key.substring(namespace.length() + 1), uid);
          }
        });
    return here;
  }

  /** Drops the deleted pods whose replacement (or absence) the informer shows. */
  private void forgetReplaced(String namespace, Collection<Pod> pods) {
    List<String> shown =
        pods.stream()
            .map(p -> namespace + "/" + p.getMetadata().getName() + "@" + p.getMetadata().getUid())
            .toList();
    deleted
        .entrySet()
        .removeIf(
            e ->
                e.getKey().startsWith(namespace + "/")
                    && !shown.contains(e.getKey() + "@" + e.getValue()));
  }
}
