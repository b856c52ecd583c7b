package io.redisproxy.operator.rollout;

import io.redisproxy.proxy.route.ReplicationInfo;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A handover in a Redis Cluster: {@code CLUSTER FAILOVER} on a replica, which Redis coordinates
 * itself (the primary pauses its clients until the replica has every write, then the replica takes
 * over and the primary follows it).
 */
public final class ClusterHandover implements Handover {
  private final RedisRoles roles;
  private final Duration patience;

  public ClusterHandover(JedisClientConfig config, Duration patience) {
    this.roles = new RedisRoles(config);
    this.patience = patience;
  }

  @Override
  public String handOver(String shard, String primary, List<String> replicas) {
    return handOverTo(shard, primary, replicas, replicas.get(0));
  }

  @Override
  public String handOverTo(String shard, String primary, List<String> replicas, String target) {
    try (Jedis jedis = roles.connect(target)) {
      jedis.clusterFailover();
    } catch (JedisException e) {
      throw new HandoverException(target + " refused CLUSTER FAILOVER: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (roles.replication(target).filter(ReplicationInfo::isPrimary).isPresent()) {
        return target;
      }
      RedisRoles.pollPause();
    }
    throw new HandoverException(target + " did not take over from " + primary + " in " + patience);
  }
}
