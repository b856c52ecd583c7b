package io.redisproxy.proxy.route;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.cluster.ClusterTopologies;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.shard.ShardSelectors;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.NodeDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each key goes: the longest matching route prefix picks an upstream group, the group's
 * selector picks a shard. Immutable; a config reload builds a new one and swaps it whole.
 */
public final class RoutingTable {
  private final List<Upstream> upstreams;
  private final byte[][] prefixes;
  private final Upstream[] prefixTargets;
  private final Upstream catchAll;

  private RoutingTable(
      List<Upstream> upstreams, byte[][] prefixes, Upstream[] prefixTargets, Upstream catchAll) {
    this.upstreams = List.copyOf(upstreams);
    this.prefixes = prefixes;
    this.prefixTargets = prefixTargets;
    this.catchAll = catchAll;
  }

  /**
   * Builds the table of a validated config, taking nodes from {@code nodes} and Redis Cluster
   * topologies from {@code clusters} (not started: the caller starts them).
   */
  public static RoutingTable build(
      ProxyConfig config, NodeDirectory nodes, ClusterTopologies clusters) {
    Map<String, Upstream> byName = new LinkedHashMap<>();
    for (UpstreamConfig upstreamConfig : config.upstreams()) {
      Upstream upstream;
      if (upstreamConfig.clustered()) {
        ClusterTopology topology =
            clusters.forUpstream(upstreamConfig, config.timeouts().connect());
        upstream = new Upstream(upstreamConfig.name(), topology, upstreamConfig.readPolicy());
        topology.bind(upstream);
      } else {
        upstream =
            new Upstream(
                upstreamConfig.name(),
                ShardSelectors.forUpstream(upstreamConfig),
                upstreamConfig.readPolicy());
        addShards(upstream, upstreamConfig, nodes);
      }
      byName.put(upstream.name(), upstream);
    }
    List<RouteConfig> routes = new ArrayList<>(config.routes());
    routes.sort(Comparator.comparingInt((RouteConfig r) -> r.prefix().length()).reversed());
    Upstream catchAll = byName.values().iterator().next();
    List<byte[]> prefixes = new ArrayList<>();
    List<Upstream> targets = new ArrayList<>();
    for (RouteConfig route : routes) {
      if (route.prefix().isEmpty()) {
        catchAll = byName.get(route.upstream());
      } else {
        prefixes.add(route.prefix().getBytes(StandardCharsets.UTF_8));
        targets.add(byName.get(route.upstream()));
      }
    }
    return new RoutingTable(
        new ArrayList<>(byName.values()),
        prefixes.toArray(new byte[0][]),
        targets.toArray(new Upstream[0]),
        catchAll);
  }

  private static void addShards(Upstream upstream, UpstreamConfig config, NodeDirectory nodes) {
    List<ShardConfig> shardConfigs = config.shards();
    for (int i = 0; i < shardConfigs.size(); i++) {
      ShardConfig shard = shardConfigs.get(i);
      List<Node> replicas = new ArrayList<>();
      for (String replica : shard.replicas()) {
        replicas.add(node(nodes, config, replica));
      }
      upstream.add(
          new Shard(
              upstream,
              i,
              shard.name(),
              node(nodes, config, shard.primary()),
              List.copyOf(replicas)));
    }
  }

  private static Node node(NodeDirectory nodes, UpstreamConfig upstream, String address) {
    return nodes.node(
        upstream.name(), HostPort.parse(address), upstream.auth(), upstream.connectionsPerNode());
  }

  /**
   * The shard that holds the key stored in {@code buf[index, index + length)}, or null while the
   * slot map of its Redis Cluster is not known.
   */
  public Shard shardOf(ByteBuf buf, int index, int length) {
    return upstreamOf(buf, index, length).shardOf(buf, index, length);
  }

  public Upstream upstreamOf(ByteBuf buf, int index, int length) {
    for (int r = 0; r < prefixes.length; r++) {
      if (startsWith(buf, index, length, prefixes[r])) {
        return prefixTargets[r];
      }
    }
    return catchAll;
  }

  /**
   * Every shard of every group now, in a stable order (commands that walk the whole keyspace). A
   * Redis Cluster contributes its current primaries.
   */
  public List<Shard> shards() {
    List<Shard> all = new ArrayList<>();
    for (Upstream upstream : upstreams) {
      all.addAll(upstream.shards());
    }
    return all;
  }

  /** The Redis Cluster topologies this table routes by. */
  public List<ClusterTopology> topologies() {
    List<ClusterTopology> topologies = new ArrayList<>();
    for (Upstream upstream : upstreams) {
      if (upstream.topology() != null) {
        topologies.add(upstream.topology());
      }
    }
    return topologies;
  }

  public List<Upstream> upstreams() {
    return upstreams;
  }

  /** Every node this table may send to now. */
  public Set<Node> nodes() {
    Set<Node> nodes = new LinkedHashSet<>();
    for (Shard shard : shards()) {
      nodes.add(shard.primary());
      nodes.addAll(shard.replicas());
    }
    return nodes;
  }

  private static boolean startsWith(ByteBuf buf, int index, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(index + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
