package io.redisproxy.operator.local;

import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.sentinel.SentinelPlan;
import io.redisproxy.proxy.config.AuthConfig;
import io.redisproxy.proxy.config.ClusterConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.SentinelConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What local mode runs for one RedisProxy: a redis-server for every Redis pod the operator would
 * create (in front of external upstreams, a stand-in for every server they name, remotes included),
 * and a proxy for every proxy it would run, each with the config the operator renders, its
 * addresses pointed at the local servers. Pure: ports come from {@code ports}.
 *
 * @param name the resource, as namespace/name
 * @param clusterShards with mode Cluster, each shard's local server addresses, its first pod first,
 *     for the operator's cluster formation; empty otherwise
 * @param sentinels the sentinels that fail primaries over, when the operator would run them
 * @param sentinelShards with sentinels, each master's name and its local server addresses, its
 *     first pod first, for the operator's sentinel setup; empty otherwise
 */
public record LocalTopology(
    String name,
    List<LocalRedis> redis,
    List<LocalProxy> proxies,
    List<List<String>> clusterShards,
    List<LocalSentinel> sentinels,
    Map<String, List<String>> sentinelShards,
    SentinelPlan.Settings sentinelSettings) {

  /**
   * One redis-server.
   *
   * @param replicaOf the port of the primary it replicates, or null for a primary
   * @param conf its redis.conf, without the port and directory local mode adds
   */
  public record LocalRedis(String name, int port, Integer replicaOf, String conf) {}

  /** One sentinel. */
  public record LocalSentinel(String name, int port) {
    public String address() {
      return local(port);
    }
  }

  /** One proxy, with its whole config and the command-line options after its config file. */
  public record LocalProxy(String name, ProxyConfig config, List<String> options) {
    public int port() {
      return config.listen().port();
    }

    public int adminPort() {
      return config.admin().port();
    }
  }

  private static final String LOOPBACK = "127.0.0.1";
  private static final Set<String> PLACEMENT_DIRECTIVES = Set.of("port", "bind", "dir");

  /** A stand-in keeps nothing on disk: it only takes the place of a server elsewhere. */
  private static final String STAND_IN_CONF = "save \"\"\nappendonly no\n";

  public static LocalTopology of(RedisProxyModel model, IntSupplier ports) {
    List<LocalRedis> redis = new ArrayList<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    List<String> proxyNames = new ArrayList<>();
    ResourceNames names = model.names();
    List<List<String>> clusterShards = new ArrayList<>();
    Map<String, List<String>> sentinelShards = new LinkedHashMap<>();
    if (model.managesRedis()) {
      for (int shard = 0; shard < model.shards(); shard++) {
        Integer primary = null;
        List<String> shardAddresses = new ArrayList<>();
        for (int ordinal = 0; ordinal < model.podsPerShard(); ordinal++) {
          int port = ports.getAsInt();
          String conf = withoutPlacement(model.redisConf());
          if (model.clusterMode()) {
            // The default bus port (port + 10000) overflows for high local ports.
            conf += "cluster-port " + ports.getAsInt() + "\n";
          }
          redis.add(
              new LocalRedis(
                  names.redisPod(shard, ordinal),
                  port,
                  model.clusterMode() ? null : primary,
                  conf));
          addresses.put(
              names.redisHost(shard, ordinal) + ":" + RedisProxyModel.REDIS_PORT, local(port));
          shardAddresses.add(local(port));
          proxyNames.add(names.redisPod(shard, ordinal));
          primary = primary != null ? primary : port;
        }
        if (model.clusterMode()) {
          clusterShards.add(List.copyOf(shardAddresses));
        }
        if (model.sentinels()) {
          sentinelShards.put(names.sentinelMaster(shard), List.copyOf(shardAddresses));
        }
      }
    }
    List<LocalSentinel> sentinels = new ArrayList<>();
    if (model.sentinels()) {
      for (int ordinal = 0; ordinal < model.sentinelCount(); ordinal++) {
        LocalSentinel sentinel = new LocalSentinel(names.sentinelPod(ordinal), ports.getAsInt());
        sentinels.add(sentinel);
        addresses.put(
            names.sentinelHost(ordinal) + ":" + RedisProxyModel.SENTINEL_PORT, sentinel.address());
      }
    }
    for (UpstreamConfig upstream : model.proxyConfig().upstreams()) {
      if (upstream.clustered() && addresses.keySet().containsAll(upstream.cluster().seeds())) {
        continue; // the managed Redis Cluster, whose servers run here
      }
      if (upstream.clustered()) {
        throw new IllegalArgumentException(
            names.namespace()
                + "/"
                + names.instance()
                + ": local mode cannot stand in for the Redis Cluster of upstream '"
                + upstream.name()
                + "'; give it shards to run it locally");
      }
      if (upstream.sentinelled()) {
        continue; // the managed shards, whose servers and sentinels run here
      }
      for (ShardConfig shard : upstream.shards()) {
        int primary = standIn(shard.primary(), null, redis, addresses, ports);
        for (String replica : shard.replicas()) {
          standIn(replica, primary, redis, addresses, ports);
        }
      }
    }
    if (!model.managesRedis()) {
      for (int i = 0; i < model.proxies(); i++) {
        proxyNames.add(names.proxyDeployment() + "-" + i);
      }
    }
    List<LocalProxy> proxies = new ArrayList<>();
    for (String proxyName : proxyNames) {
      proxies.add(
          new LocalProxy(
              proxyName,
              localConfig(model.proxyConfig(), addresses, ports.getAsInt(), ports.getAsInt()),
              model.proxyOptions()));
    }
    return new LocalTopology(
        names.namespace() + "/" + names.instance(),
        List.copyOf(redis),
        List.copyOf(proxies),
        List.copyOf(clusterShards),
        List.copyOf(sentinels),
        Collections.unmodifiableMap(sentinelShards),
        new SentinelPlan.Settings(
            model.sentinelQuorum(),
            model.sentinelDownAfter().toMillis(),
            model.sentinelFailoverTimeout().toMillis()));
  }

  /**
   * The pod's redis.conf without the lines that place it in the pod (its port, address and data
   * directory, which redis-server enters while reading the file) and without TLS; local mode sets
   * its own.
   */
  static String withoutPlacement(String conf) {
    StringBuilder kept = new StringBuilder();
    for (String line : conf.split("\n")) {
      String directive = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      // No Secrets here, so no certificates: local servers speak plain RESP.
      if (!PLACEMENT_DIRECTIVES.contains(directive) && !directive.startsWith("tls-")) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  /** The port of the local server at {@code address}, started as a stand-in unless known. */
  private static int standIn(
      String address,
      Integer replicaOf,
      List<LocalRedis> redis,
      Map<String, String> addresses,
      IntSupplier ports) {
    String known = addresses.get(address);
    if (known != null) {
      return Integer.parseInt(known.substring(known.lastIndexOf(':') + 1));
    }
    int port = ports.getAsInt();
    redis.add(new LocalRedis("stand-in for " + address, port, replicaOf, STAND_IN_CONF));
    addresses.put(address, local(port));
    return port;
  }

  /**
   * The rendered config on loopback ports, every server address replaced by its local one. Shards
   * keep the identity they have on the hash ring in the cluster, so keys land as they would there.
   * There are no Secrets here: passwords and certificates are left out, nothing asks for AUTH and
   * nothing speaks TLS.
   */
  static ProxyConfig localConfig(
      ProxyConfig config, Map<String, String> addresses, int port, int adminPort) {
    List<UpstreamConfig> upstreams = new ArrayList<>();
    for (UpstreamConfig upstream : config.upstreams()) {
      List<ShardConfig> shards = new ArrayList<>();
      for (ShardConfig shard : upstream.shards()) {
        shards.add(
            upstream.sentinelled()
                ? shard
                : new ShardConfig(
                    shard.name(),
                    addresses.get(shard.primary()),
                    shard.replicas().stream().map(addresses::get).toList()));
      }
      upstreams.add(
          new UpstreamConfig(
              upstream.name(),
              upstream.hashing(),
              upstream.maglevTableSize(),
              upstream.hashTags(),
              upstream.readPolicy(),
              upstream.connectionsPerNode(),
              UpstreamAuth.NONE,
              shards,
              upstream.clustered()
                  ? new ClusterConfig(
                      upstream.cluster().seeds().stream().map(addresses::get).toList(),
                      upstream.cluster().refreshInterval(),
                      upstream.cluster().refreshAfterRedirects(),
                      upstream.cluster().minRefreshInterval())
                  : null,
              upstream.failover(),
              null,
              upstream.sentinelled()
                  ? new SentinelConfig(
                      upstream.sentinel().addresses().stream().map(addresses::get).toList(),
                      UpstreamAuth.NONE,
                      upstream.sentinel().refreshInterval())
                  : null,
              upstream.flushDelay()));
    }
    return new ProxyConfig(
        new ProxyConfig.Endpoint(LOOPBACK, port),
        new ProxyConfig.Endpoint(LOOPBACK, adminPort),
        config.ioThreads(),
        upstreams,
        config.routes(),
        config.timeouts(),
        config.limits(),
        AuthConfig.NONE,
        config.mirroring(),
        null);
  }

  private static String local(int port) {
    return LOOPBACK + ":" + port;
  }
}
