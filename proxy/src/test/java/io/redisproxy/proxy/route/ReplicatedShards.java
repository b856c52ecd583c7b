package io.redisproxy.proxy.route;

import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Two shards, {@code shard-0} and {@code shard-1}, each a real primary with one real replica, and
 * proxies over them in one upstream group {@code main}.
 */
public final class ReplicatedShards implements AutoCloseable {
  private final RedisServers primaries;
  private final List<RedisServer> replicas = new ArrayList<>();
  private final List<ProxyServer> proxies = new ArrayList<>();

  private ReplicatedShards(RedisServers primaries) {
    this.primaries = primaries;
  }

  public static ReplicatedShards start() {
    ReplicatedShards shards = new ReplicatedShards(RedisServers.start(2));
    try {
      for (RedisServer primary : shards.primaries) {
        shards.replicas.add(RedisServer.startReplicaOf(primary));
      }
    } catch (RuntimeException e) {
      shards.close();
      throw e;
    }
    return shards;
  }

  public RedisServer primary(int shard) {
    return primaries.get(shard);
  }

  public RedisServer replica(int shard) {
    return replicas.get(shard);
  }

  List<RedisServer> all() {
    return List.of(primary(0), replica(0), primary(1), replica(1));
  }

  /** A proxy over both shards that reads by {@code policy}, once it is connected to every node. */
  public ProxyServer proxy(ReadPolicy policy) {
    ProxyServer proxy = ProxyServer.start(config(policy));
    proxies.add(proxy);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> all().stream().allMatch(node -> upstreamUp(proxy, node)));
    return proxy;
  }

  ProxyConfig config(ReadPolicy policy) {
    return config(policy, -1);
  }

  /** The config of {@link #proxy}, without the replica of shard {@code unreplicated} if any. */
  ProxyConfig config(ReadPolicy policy, int unreplicated) {
    List<ShardConfig> shards = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> replicas = i == unreplicated ? List.of() : List.of(replica(i).address());
      shards.add(new ShardConfig("shard-" + i, primary(i).address(), replicas));
    }
    return new ProxyConfig(
        new ProxyConfig.Endpoint("127.0.0.1", 0),
        new ProxyConfig.Endpoint("127.0.0.1", 0),
        2,
        List.of(new UpstreamConfig("main", null, null, null, policy, null, null, shards)),
        null,
        null,
        LimitsConfig.DEFAULTS,
        null);
  }

  /** {@code count} keys that the proxy puts on {@code shard}. */
  public List<String> keysOn(int shard, int count) {
    Function<String, RedisServer> owner =
        ProxyFixture.shardOf(config(ReadPolicy.PRIMARY), primaries.list());
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "key:" + i;
      if (owner.apply(key) == primary(shard)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Waits until each replica has applied everything its primary has. */
  void awaitReplicated() {
    for (int i = 0; i < 2; i++) {
      RedisServer primary = primary(i);
      RedisServer replica = replica(i);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  offset(replica.info("replication"), "slave_repl_offset")
                      >= offset(primary.info("replication"), "master_repl_offset"));
    }
  }

  void resetStats() {
    all().forEach(server -> server.command("CONFIG", "RESETSTAT"));
  }

  /** How many times {@code server} ran {@code command} since the last reset. */
  static long calls(RedisServer server, String command) {
    return commandStat(server, command, "calls");
  }

  /** How many {@code command}s {@code server} refused, such as writes sent to a replica. */
  static long rejected(RedisServer server, String command) {
    return commandStat(server, command, "rejected_calls");
  }

  /** A per-node gauge of {@code proxy}, such as {@code redisproxy_replica_link_up}; or null. */
  static Double metric(ProxyServer proxy, String name, RedisServer node) {
    String series = name + "{node=\"" + node.address() + "\",upstream=\"main\"} ";
    for (String line : proxy.metrics().scrape().split("\n")) {
      if (line.startsWith(series)) {
        return Double.parseDouble(line.substring(series.length()).trim());
      }
    }
    return null;
  }

  private static boolean upstreamUp(ProxyServer proxy, RedisServer node) {
    Double up = metric(proxy, "redisproxy_upstream_up", node);
    return up != null && up == 1.0;
  }

  private static long commandStat(RedisServer server, String command, String field) {
    String stats = server.info("commandstats").get("cmdstat_" + command);
    if (stats == null) {
      return 0;
    }
    for (String pair : stats.split(",")) {
      if (pair.startsWith(field + "=")) {
        return Long.parseLong(pair.substring(field.length() + 1));
      }
    }
    return 0;
  }

  private static long offset(Map<String, String> info, String field) {
    return Long.parseLong(info.getOrDefault(field, "-1"));
  }

  @Override
  public void close() {
    try {
      proxies.forEach(ProxyServer::close);
    } finally {
      replicas.forEach(RedisServer::close);
      primaries.close();
    }
  }
}
