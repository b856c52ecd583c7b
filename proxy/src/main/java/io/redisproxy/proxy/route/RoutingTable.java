package io.redisproxy.proxy.route;

import io.netty.buffer.ByteBuf;
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
  private final List<Shard> shards;

  private RoutingTable(
      List<Upstream> upstreams, byte[][] prefixes, Upstream[] prefixTargets, Upstream catchAll) {
    this.upstreams = List.copyOf(upstreams);
    this.prefixes = prefixes;
    this.prefixTargets = prefixTargets;
    this.catchAll = catchAll;
    List<Shard> all = new ArrayList<>();
    upstreams.forEach(upstream -> all.addAll(upstream.shards()));
    this.shards = List.copyOf(all);
  }

  /** Builds the table of a validated config, taking nodes from {@code nodes}. */
  public static RoutingTable build(ProxyConfig config, NodeDirectory nodes) {
    Map<String, Upstream> byName = new LinkedHashMap<>();
    int ordinal = 0;
    for (UpstreamConfig upstreamConfig : config.upstreams()) {
      Upstream upstream =
          new Upstream(
              upstreamConfig.name(),
              ShardSelectors.forUpstream(upstreamConfig),
              upstreamConfig.readPolicy());
      List<ShardConfig> shardConfigs = upstreamConfig.shards();
      for (int i = 0; i < shardConfigs.size(); i++) {
        ShardConfig shard = shardConfigs.get(i);
        List<Node> replicas = new ArrayList<>();
        for (String replica : shard.replicas()) {
          replicas.add(node(nodes, upstreamConfig, replica));
        }
        upstream.add(
            new Shard(
                upstream,
                i,
                ordinal++,
                shard.name(),
                node(nodes, upstreamConfig, shard.primary()),
                List.copyOf(replicas)));
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

  private static Node node(NodeDirectory nodes, UpstreamConfig upstream, String address) {
    return nodes.node(
        upstream.name(), HostPort.parse(address), upstream.auth(), upstream.connectionsPerNode());
  }

  /** The shard that holds the key stored in {@code buf[index, index + length)}. */
  public Shard shardOf(ByteBuf buf, int index, int length) {
    Upstream upstream = upstreamOf(buf, index, length);
    return upstream.shards().get(upstream.selector().shardOf(buf, index, length));
  }

  public Upstream upstreamOf(ByteBuf buf, int index, int length) {
    for (int r = 0; r < prefixes.length; r++) {
      if (startsWith(buf, index, length, prefixes[r])) {
        return prefixTargets[r];
      }
    }
    return catchAll;
  }

  /** Every shard of every group, in a fixed order (commands that walk the whole keyspace). */
  public List<Shard> shards() {
    return shards;
  }

  public List<Upstream> upstreams() {
    return upstreams;
  }

  /** Every node this table may send to. */
  public Set<Node> nodes() {
    Set<Node> nodes = new LinkedHashSet<>();
    for (Shard shard : shards) {
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
