package io.redisproxy.operator.rollout;

import io.redisproxy.proxy.route.ReplicationInfo;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/** Asks a Redis server what role it plays. */
public final class RedisRoles {
  private final JedisClientConfig config;

  public RedisRoles(JedisClientConfig config) {
    this.config = config;
  }

  /** Its replication fields, or empty when it does not answer. */
  Optional<ReplicationInfo> replication(String address) {
    try (Jedis jedis = connect(address)) {
      return Optional.of(ReplicationInfo.parse(jedis.info("replication")));
    } catch (JedisException e) {
      return Optional.empty();
    }
  }

  /** A moment between two looks at servers that are changing roles. */
  static void pollPause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Handover.HandoverException("interrupted");
    }
  }

  Jedis connect(String address) {
    return new Jedis(HostAndPort.from(address), config);
  }
}
