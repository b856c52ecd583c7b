package io.redisproxy.operator.sentinel;

import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.sentinel.SentinelPlan.Action;
import io.redisproxy.operator.sentinel.SentinelPlan.Monitor;
import io.redisproxy.operator.sentinel.SentinelPlan.Remove;
import io.redisproxy.operator.sentinel.SentinelPlan.Set;
import io.redisproxy.operator.sentinel.SentinelPlan.Settings;
import io.redisproxy.operator.sentinel.SentinelPlan.View;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Takes one step towards sentinels that monitor every shard as the spec says: reads what each
 * sentinel monitors, plans, sends the plan. A sentinel that monitors nothing yet (a new pod, or one
 * that lost its volume) starts from the primary the others name, else from the pod that says it is
 * one, else from the shard's first pod. Each call is short (every server is given the timeout); the
 * caller repeats.
 */
public final class SentinelSetup {
  private final JedisClientConfig config;
  private final String password;

  /** To sentinels and servers that ask for no password and speak plain TCP. */
  public SentinelSetup(Duration timeout) {
    this(timeout, null, null);
  }

  /**
   * @param password what the servers and the sentinels require, or null
   * @param tls how to speak TLS to them (checking their names), or null for plain TCP
   */
  public SentinelSetup(Duration timeout, String password, SSLSocketFactory tls) {
    this.config = ControlConnections.config(timeout, password, tls);
    this.password = password;
  }

  /**
   * The plan that was found, after sending its actions.
   *
   * @param shards each master's name and its pods' addresses, the shard's first pod first
   */
  public SentinelPlan step(
      List<String> sentinels, Map<String, List<String>> shards, Settings settings) {
    Map<String, View> views = new LinkedHashMap<>();
    for (String sentinel : sentinels) {
      views.put(sentinel, read(sentinel, sentinels.size() - 1));
    }
    Map<String, String> fallback = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> shard : shards.entrySet()) {
      fallback.put(shard.getKey(), claimedPrimary(shard.getValue()));
    }
    SentinelPlan plan = SentinelPlan.next(List.copyOf(shards.keySet()), fallback, settings, views);
    for (Action action : plan.actions()) {
      try (Jedis jedis = connect(action.sentinel())) {
        send(jedis, action);
      } catch (JedisException e) {
        return new SentinelPlan(
            List.of(),
            plan.primaries(),
            plan.healthyReplicas(),
            action.sentinel() + " refused " + describe(action) + ": " + e.getMessage());
      }
    }
    return plan;
  }

  private View read(String sentinel, int peers) {
    try (Jedis jedis = connect(sentinel)) {
      Map<String, Map<String, String>> masters = new LinkedHashMap<>();
      for (Map<String, String> master : jedis.sentinelMasters()) {
        Map<String, String> fields = new LinkedHashMap<>(master);
        long healthy =
            jedis.sentinelReplicas(master.get("name")).stream()
                .filter(SentinelSetup::healthy)
                .count();
        fields.put(SentinelPlan.HEALTHY_REPLICAS, String.valueOf(healthy));
        masters.put(master.get("name"), fields);
      }
      if (password != null && missesPeers(masters, peers)) {
        // Sentinels that require a password must present it to each other, too. Set only while
        // needed: each SENTINEL CONFIG SET rewrites the sentinel's state file.
        jedis.sendCommand(Protocol.Command.SENTINEL, "CONFIG", "SET", "sentinel-pass", password);
      }
      return new View(masters);
    } catch (JedisException e) {
      return null;
    }
  }

  /** Whether a sentinel watches nothing yet, or has not found every other sentinel. */
  private static boolean missesPeers(Map<String, Map<String, String>> masters, int peers) {
    return masters.isEmpty()
        || masters.values().stream()
            .anyMatch(m -> Integer.parseInt(m.getOrDefault("num-other-sentinels", "0")) < peers);
  }

  /** A replica that could take over: neither down nor cut off, and synced with its primary. */
  public static boolean healthy(Map<String, String> replica) {
    String flags = replica.getOrDefault("flags", "");
    return !flags.contains("s_down")
        && !flags.contains("o_down")
        && !flags.contains("disconnected")
        && "ok".equals(replica.get("master-link-status"));
  }

  /** The pod that says it is the shard's primary, or else its first pod. */
  private String claimedPrimary(List<String> pods) {
    for (String pod : pods) {
      try (Jedis jedis = connect(pod)) {
        if (jedis.info("replication").contains("role:master")) {
          return pod;
        }
      } catch (JedisException e) {
        // Not up: ask the next.
      }
    }
    return pods.get(0);
  }

  private void send(Jedis jedis, Action action) {
    if (action instanceof Monitor monitor) {
      HostAndPort primary = HostAndPort.from(monitor.primary());
      jedis.sentinelMonitor(
          monitor.master(), primary.getHost(), primary.getPort(), monitor.quorum());
      if (password != null) {
        jedis.sentinelSet(monitor.master(), Map.of("auth-pass", password));
      }
    } else if (action instanceof Set set) {
      jedis.sentinelSet(set.master(), Map.of(set.option(), set.value()));
    } else if (action instanceof Remove remove) {
      jedis.sentinelRemove(remove.master());
    }
  }

  private static String describe(Action action) {
    if (action instanceof Monitor monitor) {
      return "SENTINEL MONITOR " + monitor.master() + " " + monitor.primary();
    } else if (action instanceof Set set) {
      return "SENTINEL SET " + set.master() + " " + set.option();
    }
    return "SENTINEL REMOVE " + ((Remove) action).master();
  }

  private Jedis connect(String address) {
    return new Jedis(HostAndPort.from(address), config);
  }
}
