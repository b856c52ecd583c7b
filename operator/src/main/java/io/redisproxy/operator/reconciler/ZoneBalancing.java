package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.api.v1alpha1.ShardStatus;
import io.redisproxy.operator.cluster.ClusterPlan;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.roles.PrimaryBalance;
import io.redisproxy.operator.rollout.Handover.HandoverException;
import io.redisproxy.operator.sentinel.SentinelPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Moves one primary role at a time towards zones holding equal shares of them, by a handover that
 * loses no acknowledged write: a manual failover in a Redis Cluster, writes paused and a steered
 * sentinel failover in mode Sharded. Only while every shard is healthy, and not again for a while
 * after a handover failed (each attempt pauses a primary's writes).
 */
final class ZoneBalancing {
  private static final Duration BACKOFF = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(ZoneBalancing.class);

  /** When a handover last failed, by namespace/instance. */
  private final Map<String, Instant> failed = new ConcurrentHashMap<>();

  void step(
      KubernetesClient client,
      RedisProxyModel model,
      StatusCalculator.Observed observed,
      RedisProxyStatus status,
      Instant now) {
    boolean cluster = observed.cluster().map(ClusterPlan::formed).orElse(false);
    if (!(cluster || sentinelsHealthy(model, observed)) || status.getShardStatuses() == null) {
      return;
    }
    String key = model.names().namespace() + "/" + model.names().instance();
    Instant lastFailure = failed.get(key);
    if (lastFailure != null && now.isBefore(lastFailure.plus(BACKOFF))) {
      return;
    }
    List<PrimaryBalance.Shard> shards = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ShardStatus shard : status.getShardStatuses()) {
      shards.add(new PrimaryBalance.Shard(shard.getName(), shard.getPods(), shard.getPrimary()));
      names.add(shard.getName());
    }
    PrimaryBalance.Move move = PrimaryBalance.next(shards, observed.podZones(), cluster).move();
    if (move == null) {
      return;
    }
    // Shard statuses stand in shard order.
    int shard = names.indexOf(move.shard());
    List<String> pods = status.getShardStatuses().get(shard).getPods();
    List<String> addresses = model.redisAddresses().get(shard);
    String from = addresses.get(pods.indexOf(move.from()));
    String to = addresses.get(pods.indexOf(move.to()));
    List<String> replicas = new ArrayList<>(List.of(to));
    addresses.stream().filter(a -> !a.equals(from) && !a.equals(to)).forEach(replicas::add);
    try {
      LOG.info(
          "{}: moving the primary of {} to {} to balance zones",
          model.names().instance(),
          move.shard(),
          move.to());
      if (cluster) {
        ClusterCredentials.formation(client, model).promote(to);
        failed.remove(key);
        return;
      }
      String promoted =
          RedisRestarts.handover(model, ClusterCredentials.control(client, model))
              .handOverTo(move.shard(), from, replicas, to);
      if (promoted.equals(to)) {
        failed.remove(key);
      } else {
        // The sentinels chose another replica: moving again at once would pause writes again.
        failed.put(key, now);
        LOG.info(
            "{}: the sentinels made {} the primary of {} instead",
            model.names().instance(),
            promoted,
            move.shard());
      }
    } catch (JedisException | HandoverException | IllegalStateException e) {
      failed.put(key, now);
      LOG.warn(
          "{}: could not move the primary of {} to {}: {}",
          model.names().instance(),
          move.shard(),
          move.to(),
          e.getMessage());
    }
  }

  /** Every sentinel set up, and every shard with all its replicas healthy. */
  private static boolean sentinelsHealthy(
      RedisProxyModel model, StatusCalculator.Observed observed) {
    if (observed.sentinels().isEmpty()) {
      return false;
    }
    SentinelPlan plan = observed.sentinels().get();
    if (plan.waitingFor() != null) {
      return false;
    }
    for (int shard = 0; shard < model.shards(); shard++) {
      Integer healthy = plan.healthyReplicas().get(model.names().sentinelMaster(shard));
      if (healthy == null || healthy < model.replicasPerShard()) {
        return false;
      }
    }
    return true;
  }
}
