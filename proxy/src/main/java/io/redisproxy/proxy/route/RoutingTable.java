package io.redisproxy.proxy.route;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.cluster.ClusterTopologies;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.MirrorConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.mirror.MirrorPolicy;
import io.redisproxy.proxy.mirror.MirrorSender;
import io.redisproxy.proxy.mirror.Mirrors;
import io.redisproxy.proxy.sentinel.SentinelTopologies;
import io.redisproxy.proxy.sentinel.SentinelTopology;
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
  private static final MirrorPolicy[] NO_MIRRORS = new MirrorPolicy[0];

  private final List<Upstream> upstreams;
  private final List<Upstream> built;
  private final List<Failover> failovers;
  private final Route[] routes;
  private final Route catchAll;
  private final Set<MirrorSender> senders;
  private final boolean removesPrefixes;
  private final boolean resharding;

  /**
   * One route: keys starting with {@code prefix} (ignoring ASCII case when asked) are written to
   * {@code upstream} and read from {@code readUpstream}, and copied to {@code mirrors}; {@code
   * removed} bytes of them (the prefix, or nothing) are not part of the key upstream.
   */
  private record Route(
      byte[] prefix,
      boolean ignoreCase,
      int removed,
      Upstream upstream,
      Upstream readUpstream,
      MirrorPolicy[] mirrors) {

    boolean matches(ByteBuf buf, int index, int length) {
      return length >= prefix.length && begins(buf, index, prefix.length);
    }

    /** Whether the prefix begins with {@code buf[index, index + length)}. */
    boolean begins(ByteBuf buf, int index, int length) {
      for (int i = 0; i < length; i++) {
        byte b = buf.getByte(index + i);
        if (b != prefix[i] && !(ignoreCase && lower(b) == lower(prefix[i]))) {
          return false;
        }
      }
      return true;
    }

    private static byte lower(byte b) {
      return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
  }

  private RoutingTable(
      List<Upstream> upstreams,
      List<Upstream> built,
      List<Failover> failovers,
      Route[] routes,
      Route catchAll,
      Set<MirrorSender> senders,
      boolean removesPrefixes) {
    this.upstreams = List.copyOf(upstreams);
    this.built = List.copyOf(built);
    this.failovers = List.copyOf(failovers);
    this.routes = routes;
    this.catchAll = catchAll;
    this.senders = Set.copyOf(senders);
    this.removesPrefixes = removesPrefixes;
    this.resharding = built.stream().anyMatch(upstream -> upstream.resharding() != null);
  }

  /**
   * Builds the table of a validated config, taking nodes from {@code nodes}, Redis Cluster
   * topologies from {@code clusters} and Sentinel-led ones from {@code sentinels} (neither started:
   * the caller starts them) and mirror senders from {@code mirrors} and failover state from {@code
   * failovers}. Groups that only receive mirrored commands, or only stand by, are no part of the
   * keyspace: they count for no whole-keyspace command and no readiness while they serve no
   * traffic.
   */
  public static RoutingTable build(
      ProxyConfig config,
      NodeDirectory nodes,
      ClusterTopologies clusters,
      SentinelTopologies sentinels,
      Mirrors mirrors,
      Failovers failovers) {
    Set<String> routed = new LinkedHashSet<>();
    boolean hasCatchAll = false;
    for (RouteConfig route : config.routes()) {
      routed.add(route.upstream());
      hasCatchAll |= route.prefix().isEmpty();
    }
    if (!hasCatchAll) {
      routed.add(config.upstreams().get(0).name());
    }
    Set<String> needed = new LinkedHashSet<>(routed);
    for (RouteConfig route : config.routes()) {
      if (route.readUpstream() != null) {
        needed.add(route.readUpstream());
      }
    }
    for (String name : List.copyOf(needed)) {
      UpstreamConfig upstream = config.upstream(name);
      if (upstream.failover() != null) {
        needed.add(upstream.failover().standby());
      }
    }
    Map<String, Upstream> byName = new LinkedHashMap<>();
    for (UpstreamConfig upstreamConfig : config.upstreams()) {
      if (!needed.contains(upstreamConfig.name())) {
        continue;
      }
      Upstream upstream;
      if (upstreamConfig.clustered()) {
        ClusterTopology topology =
            clusters.forUpstream(upstreamConfig, config.timeouts().connect());
        upstream = new Upstream(upstreamConfig.name(), topology, upstreamConfig.readPolicy());
        topology.bind(upstream);
      } else if (upstreamConfig.sentinelled()) {
        SentinelTopology sentinel =
            sentinels.forUpstream(
                upstreamConfig.withShards(upstreamConfig.allShards()), config.timeouts().connect());
        upstream =
            new Upstream(
                upstreamConfig.name(),
                ShardSelectors.forUpstream(upstreamConfig),
                sentinel,
                upstreamConfig.readPolicy(),
                upstreamConfig.allShards().size());
        sentinel.bind(upstream);
      } else {
        upstream =
            new Upstream(
                upstreamConfig.name(),
                ShardSelectors.forUpstream(upstreamConfig),
                upstreamConfig.readPolicy());
        addShards(upstream, upstreamConfig, nodes);
      }
      if (upstreamConfig.moving()) {
        upstream.moving(
            upstreamConfig.resharding(),
            ShardSelectors.previous(upstreamConfig),
            upstreamConfig.allShards().stream().map(ShardConfig::name).toList());
      }
      byName.put(upstream.name(), upstream);
    }
    List<Failover> failoverStates = new ArrayList<>();
    for (String name : needed) {
      UpstreamConfig upstream = config.upstream(name);
      if (upstream.failover() != null && byName.containsKey(upstream.failover().standby())) {
        Failover failover = failovers.forUpstream(upstream);
        failover.bind(byName.get(name), byName.get(upstream.failover().standby()));
        byName.get(name).failover(failover);
        failoverStates.add(failover);
      }
    }
    List<Upstream> keyspace = new ArrayList<>();
    for (String name : routed) {
      keyspace.add(byName.get(name));
    }
    List<RouteConfig> routeConfigs = new ArrayList<>(config.routes());
    routeConfigs.sort(Comparator.comparingInt((RouteConfig r) -> r.prefix().length()).reversed());
    Upstream first = byName.values().iterator().next();
    Route catchAll = new Route(new byte[0], false, 0, first, first, NO_MIRRORS);
    List<Route> routes = new ArrayList<>();
    Set<MirrorSender> senders = new LinkedHashSet<>();
    boolean removes = false;
    for (RouteConfig route : routeConfigs) {
      Upstream upstream = byName.get(route.upstream());
      Upstream reads = route.readUpstream() != null ? byName.get(route.readUpstream()) : upstream;
      byte[] prefix = route.prefix().getBytes(StandardCharsets.UTF_8);
      removes |= route.removePrefix();
      Route built =
          new Route(
              prefix,
              route.caseInsensitive(),
              route.removePrefix() ? prefix.length : 0,
              upstream,
              reads,
              mirrorPolicies(route, config, mirrors, senders));
      if (route.prefix().isEmpty()) {
        catchAll = built;
      } else {
        routes.add(built);
      }
    }
    return new RoutingTable(
        keyspace,
        new ArrayList<>(byName.values()),
        failoverStates,
        routes.toArray(new Route[0]),
        catchAll,
        senders,
        removes);
  }

  private static MirrorPolicy[] mirrorPolicies(
      RouteConfig route, ProxyConfig config, Mirrors mirrors, Set<MirrorSender> senders) {
    if (route.mirrors().isEmpty()) {
      return NO_MIRRORS;
    }
    MirrorPolicy[] policies = new MirrorPolicy[route.mirrors().size()];
    for (int i = 0; i < policies.length; i++) {
      MirrorConfig mirror = route.mirrors().get(i);
      MirrorSender sender = mirrors.sender(config.upstream(mirror.upstream()), config.mirroring());
      senders.add(sender);
      policies[i] = new MirrorPolicy(sender, mirror.excludeReadCommands(), mirror.fraction());
    }
    return policies;
  }

  private static void addShards(Upstream upstream, UpstreamConfig config, NodeDirectory nodes) {
    List<ShardConfig> shardConfigs = config.allShards();
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
        upstream.name(),
        HostPort.parse(address),
        upstream.auth(),
        upstream.tls(),
        upstream.connectionsPerNode());
  }

  /**
   * The shard that holds the key stored in {@code buf[index, index + length)}, for a write or, when
   * {@code write} is false, for a read (from the route's read group); null while the slot map of
   * its Redis Cluster is not known.
   */
  public Shard shardOf(ByteBuf buf, int index, int length, boolean write) {
    Route route = routeOf(buf, index, length);
    Upstream upstream = write ? route.upstream : route.readUpstream;
    return upstream.serving().shardOf(buf, index + route.removed, length - route.removed);
  }

  /**
   * While the group of the key in {@code buf[index, index + length)} moves keys to a new shard list
   * and this key is one of them: the shard the key was on by the previous list (its {@link
   * Upstream#resharding} says how far the move is), or null for a key that stays where it is.
   * {@code local} as {@link #localShardOf}.
   */
  public MovingKey movingFrom(ByteBuf buf, int index, int length, boolean local) {
    Route route = routeOf(buf, index, length);
    Upstream upstream = local ? route.upstream : route.upstream.serving();
    int place = upstream.movingFrom(buf, index + route.removed, length - route.removed);
    return place < 0 ? null : new MovingKey(upstream, upstream.shardAt(place));
  }

  /** Whether any group of this table is moving keys: when none is, requests skip that check. */
  public boolean resharding() {
    return resharding;
  }

  /**
   * The shard of every key beginning with {@code buf[index, index + length)} (the part of a SORT
   * pattern before its '*'), for a write or a read as {@link #shardOf}; null when such keys may
   * take different routes or shards, or their route removes its prefix (Redis would look them up
   * with it).
   */
  public Shard shardOfKeysStarting(ByteBuf buf, int index, int length, boolean write) {
    Route route = routeOfKeysStarting(buf, index, length);
    if (route == null || route.removed > 0) {
      return null;
    }
    Upstream upstream = write ? route.upstream : route.readUpstream;
    return upstream.serving().shardOfKeysStarting(buf, index, length);
  }

  /** As {@link #shardOfKeysStarting}, in the group the route names, as {@link #localShardOf}. */
  public Shard localShardOfKeysStarting(ByteBuf buf, int index, int length) {
    Route route = routeOfKeysStarting(buf, index, length);
    return route == null || route.removed > 0
        ? null
        : route.upstream.shardOfKeysStarting(buf, index, length);
  }

  /**
   * The route of every key beginning with {@code buf[index, index + length)}, or null when a longer
   * route prefix begins so too: some of those keys take it, others not.
   */
  private Route routeOfKeysStarting(ByteBuf buf, int index, int length) {
    for (Route route : routes) {
      if (route.prefix.length > length && route.begins(buf, index, length)) {
        return null;
      }
    }
    return routeOf(buf, index, length);
  }

  /** Whether any route removes its prefix: when none does, requests go upstream as they came. */
  public boolean removesPrefixes() {
    return removesPrefixes;
  }

  /** How many leading bytes of the key in {@code buf[index, index + length)} its route removes. */
  public int removedPrefix(ByteBuf buf, int index, int length) {
    return routeOf(buf, index, length).removed;
  }

  /**
   * The key's shard in the group its route names, even while that group is failed over: for what
   * another region mirrors here, which must never go back to where it came from.
   */
  public Shard localShardOf(ByteBuf buf, int index, int length) {
    Route route = routeOf(buf, index, length);
    return route.upstream.shardOf(buf, index + route.removed, length - route.removed);
  }

  /**
   * The mirrors of the route of the key in {@code buf[index, index + length)}; often none. While
   * the route's group is failed over to one of its mirror targets, that target gets the writes
   * already and is left out: mirroring them would apply them twice.
   */
  public MirrorPolicy[] mirrorsOf(ByteBuf buf, int index, int length) {
    Route route = routeOf(buf, index, length);
    Upstream serving = route.upstream.serving();
    if (serving == route.upstream || route.mirrors.length == 0) {
      return route.mirrors;
    }
    List<MirrorPolicy> others = new ArrayList<>(route.mirrors.length);
    for (MirrorPolicy mirror : route.mirrors) {
      if (!mirror.sender().name().equals(serving.name())) {
        others.add(mirror);
      }
    }
    return others.toArray(NO_MIRRORS);
  }

  /** Whether any route mirrors: when none does, requests skip the mirror lookup. */
  public boolean mirrored() {
    return !senders.isEmpty();
  }

  /** Every mirror target of this table. */
  public Set<MirrorSender> mirrorSenders() {
    return senders;
  }

  /** The group that takes the key's writes now: its route's group, or that group's standby. */
  public Upstream upstreamOf(ByteBuf buf, int index, int length) {
    return routeOf(buf, index, length).upstream.serving();
  }

  private Route routeOf(ByteBuf buf, int index, int length) {
    for (Route route : routes) {
      if (route.matches(buf, index, length)) {
        return route;
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
    for (Upstream upstream : upstreams()) {
      all.addAll(upstream.shards());
    }
    return all;
  }

  /** The failovers of this table's groups. */
  public List<Failover> failovers() {
    return failovers;
  }

  /** The Redis Cluster topologies this table routes by. */
  public List<ClusterTopology> topologies() {
    List<ClusterTopology> topologies = new ArrayList<>();
    for (Upstream upstream : built) {
      if (upstream.topology() != null) {
        topologies.add(upstream.topology());
      }
    }
    return topologies;
  }

  /** The Sentinel-led topologies this table routes by. */
  public List<SentinelTopology> sentinels() {
    List<SentinelTopology> topologies = new ArrayList<>();
    for (Upstream upstream : built) {
      if (upstream.sentinel() != null) {
        topologies.add(upstream.sentinel());
      }
    }
    return topologies;
  }

  /** The groups that serve the keyspace now, standbys in place of failed-over groups. */
  public List<Upstream> upstreams() {
    if (failovers.isEmpty()) {
      return upstreams;
    }
    Set<Upstream> serving = new LinkedHashSet<>();
    for (Upstream upstream : upstreams) {
      serving.add(upstream.serving());
    }
    return List.copyOf(serving);
  }

  /** Every node this table may send to, standbys included so they are connected before needed. */
  public Set<Node> nodes() {
    Set<Node> nodes = new LinkedHashSet<>();
    for (Upstream upstream : built) {
      for (Shard shard : upstream.shards()) {
        nodes.add(shard.primary());
        nodes.addAll(shard.replicas());
      }
    }
    return nodes;
  }
}
