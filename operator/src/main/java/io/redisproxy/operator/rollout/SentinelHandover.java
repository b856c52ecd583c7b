package io.redisproxy.operator.rollout;

import io.redisproxy.operator.sentinel.SentinelSetup;
import io.redisproxy.proxy.route.ReplicationInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A handover in a topology whose sentinels fail primaries over. A sentinel failover alone is not
 * coordinated with the primary: writes it acknowledges while the replica is promoted are lost. So
 * the primary's writes are paused first, the replicas are waited for until they hold every write,
 * and only then does a sentinel fail the shard over; as soon as a replica has been promoted the
 * former primary is made its replica, before the pause ends, so a write held by the pause fails
 * (READONLY) instead of landing where the sentinels would drop it.
 */
public final class SentinelHandover implements Handover {
  private final RedisRoles roles;
  private final List<String> sentinels;
  private final Duration syncPatience;
  private final Duration failoverPatience;

  /**
   * @param syncPatience how long replicas may take to catch up with the paused primary
   * @param failoverPatience how long the sentinels may take to promote a replica
   */
  public SentinelHandover(
      JedisClientConfig config,
      List<String> sentinels,
      Duration syncPatience,
      Duration failoverPatience) {
    this.roles = new RedisRoles(config);
    this.sentinels = List.copyOf(sentinels);
    this.syncPatience = syncPatience;
    this.failoverPatience = failoverPatience;
  }

  @Override
  public String handOver(String master, String primary, List<String> replicas) {
    return handOver(master, primary, replicas, null);
  }

  private String handOver(String master, String primary, List<String> replicas, String target) {
    // Before writes pause: a sentinel refuses to promote a replica it has not seen healthy since
    // it restarted (NOGOODSLAVE), and steers to the target only once it has read its priority.
    awaitSentinelsSee(master, replicas, target);
    try (Jedis old = roles.connect(primary)) {
      // The pause outlasts every wait below, so no write lands on the old primary meanwhile; it
      // ends by itself should this process die half-way.
      long pause = syncPatience.plus(failoverPatience).plusSeconds(5).toMillis();
      old.clientPause(pause, ClientPauseMode.WRITE);
      String promoted;
      try {
        awaitInSync(old, replicas);
        startFailover(master);
        promoted = awaitPromotion(master, replicas);
        HostAndPort next = HostAndPort.from(promoted);
        old.replicaof(next.getHost(), next.getPort());
      } finally {
        old.clientUnpause();
      }
      awaitSwitch(master, primary);
      return promoted;
    } catch (JedisException e) {
      throw new HandoverException(primary + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sentinels promote the replica of the lowest {@code replica-priority}, so the target's is set to
   * 1 for the handover, once the sentinels have read it, and set back after.
   */
  @Override
  public String handOverTo(String master, String primary, List<String> replicas, String target) {
    if (replicas.size() < 2) {
      return handOver(master, primary, replicas);
    }
    String before;
    try (Jedis preferred = roles.connect(target)) {
      before = preferred.configGet("replica-priority").get("replica-priority");
      preferred.configSet("replica-priority", "1");
    } catch (JedisException e) {
      throw new HandoverException(target + ": " + e.getMessage(), e);
    }
    try {
      return handOver(master, primary, replicas, target);
    } finally {
      // A new connection: sentinels close the clients of a server they promote.
      try (Jedis preferred = roles.connect(target)) {
        preferred.configSet("replica-priority", before);
      } catch (JedisException e) {
        // It keeps priority 1: a later failover prefers it, which is harmless.
      }
    }
  }

  /**
   * Waits, within the patience, until every sentinel that answers sees each replica up with its
   * link to the primary up (as of its last look) and, when there is a target, the target's priority
   * of 1; throws when they do not.
   */
  private void awaitSentinelsSee(String master, List<String> replicas, String target) {
    long deadline = System.nanoTime() + failoverPatience.toNanos();
    while (true) {
      boolean seen = true;
      for (String sentinel : sentinels) {
        try (Jedis jedis = roles.connect(sentinel)) {
          List<Map<String, String>> known = jedis.sentinelReplicas(master);
          for (String replica : replicas) {
            seen &=
                known.stream()
                    .anyMatch(
                        r ->
                            HostAndPort.from(replica).equals(address(r))
                                && promotable(r)
                                && (!replica.equals(target)
                                    || "1".equals(r.get("slave-priority"))));
          }
        } catch (JedisException e) {
          // Down: it will not be asked to fail over.
        }
      }
      if (seen) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new HandoverException(
            "the sentinels of " + master + " do not see every replica ready to take over yet");
      }
      RedisRoles.pollPause();
    }
  }

  private static HostAndPort address(Map<String, String> replica) {
    return new HostAndPort(replica.get("ip"), Integer.parseInt(replica.get("port")));
  }

  /**
   * What a sentinel needs to have seen of a replica to promote it: healthy, and its link up as of
   * the sentinel's last look (a stale link-down time refuses it).
   */
  private static boolean promotable(Map<String, String> replica) {
    return SentinelSetup.healthy(replica) && "0".equals(replica.get("master-link-down-time"));
  }

  /**
   * Waits, within the patience, for the sentinels to name a primary other than {@code primary}: the
   * next look at the shard should find the roles as they now are. The move is done either way.
   */
  private void awaitSwitch(String master, String primary) {
    long deadline = System.nanoTime() + failoverPatience.toNanos();
    while (System.nanoTime() < deadline) {
      for (String sentinel : sentinels) {
        Optional<String> named = primaryNamedBy(sentinel, master);
        if (named.isPresent() && !HostAndPort.from(named.get()).equals(HostAndPort.from(primary))) {
          return;
        }
      }
      RedisRoles.pollPause();
    }
  }

  private Optional<String> primaryNamedBy(String sentinel, String master) {
    try (Jedis jedis = roles.connect(sentinel)) {
      List<String> address = jedis.sentinelGetMasterAddrByName(master);
      return address == null || address.size() < 2
          ? Optional.empty()
          : Optional.of(address.get(0) + ":" + address.get(1));
    } catch (JedisException e) {
      return Optional.empty();
    }
  }

  private void awaitInSync(Jedis old, List<String> replicas) {
    long offset = ReplicationInfo.parse(old.info("replication")).offset();
    long deadline = System.nanoTime() + syncPatience.toNanos();
    List<String> behind = new ArrayList<>(replicas);
    while (true) {
      behind.removeIf(
          replica ->
              roles
                  .replication(replica)
                  .filter(info -> info.linkUp() && info.offset() >= offset)
                  .isPresent());
      if (behind.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new HandoverException(
            "replicas " + behind + " did not catch up with the primary within " + syncPatience);
      }
      RedisRoles.pollPause();
    }
  }

  /** Asks the sentinels in turn to fail the shard over, until one agrees. */
  private void startFailover(String master) {
    List<String> refusals = new ArrayList<>();
    for (String sentinel : sentinels) {
      try (Jedis jedis = roles.connect(sentinel)) {
        jedis.sentinelFailover(master);
        return;
      } catch (JedisException e) {
        refusals.add(sentinel + ": " + e.getMessage());
      }
    }
    throw new HandoverException("no sentinel would fail " + master + " over: " + refusals);
  }

  /** The replica the sentinel promoted. */
  private String awaitPromotion(String master, List<String> replicas) {
    long deadline = System.nanoTime() + failoverPatience.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> promoted =
          replicas.stream()
              .filter(r -> roles.replication(r).filter(ReplicationInfo::isPrimary).isPresent())
              .findFirst();
      if (promoted.isPresent()) {
        return promoted.get();
      }
      RedisRoles.pollPause();
    }
    throw new HandoverException(
        "the sentinels promoted no replica of " + master + " within " + failoverPatience);
  }
}
