package io.redisproxy.operator.cluster;

import io.redisproxy.operator.cluster.ClusterPlan.Action;
import io.redisproxy.operator.cluster.ClusterPlan.AddSlots;
import io.redisproxy.operator.cluster.ClusterPlan.Forget;
import io.redisproxy.operator.cluster.ClusterPlan.Meet;
import io.redisproxy.operator.cluster.ClusterPlan.Replicate;
import io.redisproxy.operator.cluster.ClusterPlan.View;
import io.redisproxy.operator.redis.ControlConnections;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Takes one step towards a formed Redis Cluster: reads every server, plans, sends the plan. Each
 * call is short (every server is given {@code timeout}); the caller repeats until formed.
 */
public final class ClusterFormation {
  private final JedisClientConfig config;

  /** To servers that ask for no password and speak plain TCP. */
  public ClusterFormation(Duration timeout) {
    this(timeout, null, null);
  }

  /**
   * @param password what the servers require (requirepass), or null
   * @param tls how to speak TLS to them (checking their names), or null for plain TCP
   */
  public ClusterFormation(Duration timeout, String password, SSLSocketFactory tls) {
    this.config = ControlConnections.config(timeout, password, tls);
  }

  /** The plan that was found, after sending its actions. */
  public ClusterPlan step(List<List<String>> shards) {
    Map<String, View> views = new HashMap<>();
    for (String address : shards.stream().flatMap(List::stream).toList()) {
      try (Jedis jedis = connect(address)) {
        views.put(
            address,
            View.parse(jedis.clusterNodes(), jedis.clusterInfo(), jedis.info("replication")));
      } catch (JedisException e) {
        // The plan waits for every server; asking the rest now would only add timeouts.
        break;
      }
    }
    ClusterPlan plan = ClusterPlan.next(shards, views);
    for (Action action : plan.actions()) {
      try (Jedis jedis = connect(action.address())) {
        send(jedis, action);
      } catch (JedisException | UnknownHostException e) {
        return new ClusterPlan(
            List.of(),
            false,
            action.address() + " refused " + describe(action) + ": " + e.getMessage(),
            List.of());
      }
    }
    return plan;
  }

  /**
   * Makes the replica at {@code replica} its shard's primary, with the primary's agreement (a
   * manual failover: no acknowledged write is lost).
   */
  public void promote(String replica) {
    try (Jedis jedis = connect(replica)) {
      jedis.clusterFailover();
    }
  }

  private static void send(Jedis jedis, Action action) throws UnknownHostException {
    if (action instanceof Meet meet) {
      HostAndPort other = HostAndPort.from(meet.other());
      // CLUSTER MEET takes an IP address; pods are reached by their stable DNS names.
      String ip = InetAddress.getByName(other.getHost()).getHostAddress();
      jedis.sendCommand(
          Protocol.Command.CLUSTER,
          "MEET",
          ip,
          String.valueOf(other.getPort()),
          String.valueOf(meet.busPort()));
    } else if (action instanceof AddSlots add) {
      jedis.clusterAddSlotsRange(add.from(), add.to());
    } else if (action instanceof Replicate replicate) {
      jedis.clusterReplicate(replicate.primaryId());
    } else if (action instanceof Forget forget) {
      jedis.clusterForget(forget.id());
    }
  }

  private static String describe(Action action) {
    if (action instanceof Meet meet) {
      return "CLUSTER MEET " + meet.other();
    } else if (action instanceof AddSlots add) {
      return "CLUSTER ADDSLOTSRANGE " + add.from() + " " + add.to();
    } else if (action instanceof Replicate replicate) {
      return "CLUSTER REPLICATE " + replicate.primaryId();
    }
    return "CLUSTER FORGET " + ((Forget) action).id();
  }

  private Jedis connect(String address) {
    return new Jedis(HostAndPort.from(address), config);
  }
}
