package io.redisproxy.proxy.config;

import io.redisproxy.proxy.command.CommandTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what the types cannot: ranges, references and uniqueness. Each problem names its field, as
 * in {@code upstreams[1].shards[0].primary: 'x' is not host:port}.
 */
public final class ConfigValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
  private static final int MAX_TABLE_SIZE = 5_000_011;
  // CLIENT SETNAME refuses spaces and newlines; a region name ends up in one.
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final List<String> problems = new ArrayList<>();

  private ConfigValidator() {}

  /** The problems of {@code config}, empty when it can be served. */
  public static List<String> problems(ProxyConfig config) {
    ConfigValidator validator = new ConfigValidator();
    validator.validate(config);
    return List.copyOf(validator.problems);
  }

  /** Throws {@link ConfigException} listing every problem, if any. */
  public static void check(ProxyConfig config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private void validate(ProxyConfig config) {
    endpoint("listen", config.listen());
    if (config.tls() != null) {
      if (config.tls().certFile() == null) {
        problem("tls.certFile", "required: the PEM certificate chain clients are shown");
      }
      if (config.tls().keyFile() == null) {
        problem("tls.keyFile", "required: the PEM private key of tls.certFile");
      }
    }
    endpoint("admin", config.admin());
    if (config.ioThreads() < 0 || config.ioThreads() > 256) {
      problem("ioThreads", "must be 0 (one per core) to 256");
    }
    upstreams(config.upstreams());
    failovers(config);
    routes(config);
    timeouts(config.timeouts());
    limits(config.limits());
    auth(config.auth());
    mirroring(config.mirroring());
  }

  private void mirroring(MirroringConfig mirroring) {
    if (!REGION.matcher(mirroring.region()).matches()) {
      problem(
          "mirroring.region",
          "'" + mirroring.region() + "' may hold only letters, digits, '-', '_', '.' and ':'");
    }
    if (mirroring.bufferCommands() < 1) {
      problem("mirroring.bufferCommands", "must be at least 1");
    }
    if (mirroring.bufferBytes() < 1024) {
      problem("mirroring.bufferBytes", "must be at least 1024");
    }
  }

  private void mirrors(String at, RouteConfig route, ProxyConfig config) {
    Set<String> targets = new HashSet<>();
    for (int m = 0; m < route.mirrors().size(); m++) {
      MirrorConfig mirror = route.mirrors().get(m);
      String mirrorAt = at + ".mirrors[" + m + "]";
      if (mirror == null) {
        problem(mirrorAt, "must not be empty");
        continue;
      }
      if (mirror.fraction() < 0 || mirror.fraction() > 1) {
        problem(mirrorAt + ".fraction", "must be 0 to 1");
      }
      if (mirror.upstream() == null) {
        problem(mirrorAt + ".upstream", "required");
        continue;
      }
      UpstreamConfig target = config.upstream(mirror.upstream());
      if (target == null) {
        problem(mirrorAt + ".upstream", "no upstream group is named '" + mirror.upstream() + "'");
      } else if (mirror.upstream().equals(route.upstream())) {
        problem(mirrorAt + ".upstream", "a route cannot mirror to its own upstream group");
      } else if (!targets.add(mirror.upstream())) {
        problem(mirrorAt + ".upstream", "'" + mirror.upstream() + "' is mirrored to twice");
      } else if (target.clustered() || target.shards().size() != 1) {
        problem(
            mirrorAt + ".upstream",
            "'"
                + mirror.upstream()
                + "' must have exactly one shard: the other region's proxy endpoint, or one"
                + " Redis server");
      }
    }
  }

  private void endpoint(String field, ProxyConfig.Endpoint endpoint) {
    if (endpoint.port() == null) {
      problem(field + ".port", "required");
    } else if (endpoint.port() < 0 || endpoint.port() > 65535) {
      problem(field + ".port", "must be 0-65535 (0 picks a free port)");
    }
    if (endpoint.host().isBlank()) {
      problem(field + ".host", "must not be empty");
    }
  }

  private void upstreams(List<UpstreamConfig> upstreams) {
    if (upstreams.isEmpty()) {
      problem("upstreams", "at least one upstream group is required");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < upstreams.size(); i++) {
      UpstreamConfig upstream = upstreams.get(i);
      String at = "upstreams[" + i + "]";
      if (upstream == null) {
        problem(at, "must not be empty");
        continue;
      }
      name(at + ".name", upstream.name(), names);
      int shardCount = upstream.shards().size();
      if (upstream.hashing() == Hashing.MAGLEV && !upstream.clustered()) {
        int size = upstream.maglevTableSize();
        if (!Primes.isPrime(size) || size > MAX_TABLE_SIZE) {
          problem(at + ".maglevTableSize", "must be a prime up to " + MAX_TABLE_SIZE);
        } else if (size < shardCount * 100L) {
          problem(at + ".maglevTableSize", "must be at least 100 times the number of shards");
        }
      }
      if (upstream.connectionsPerNode() < 1 || upstream.connectionsPerNode() > 16) {
        problem(at + ".connectionsPerNode", "must be 1-16");
      }
      if (upstream.flushDelay().isNegative()
          || upstream.flushDelay().compareTo(Duration.ofMillis(10)) > 0) {
        problem(
            at + ".flushDelay",
            "must be between 0 (off) and 10ms; a few hundred microseconds is what it is for");
      }
      // A passwordFile counts: the operator validates configs whose files only its pods hold.
      if (upstream.auth().username() != null
          && !upstream.auth().enabled()
          && upstream.auth().passwordFile() == null) {
        problem(at + ".auth.password", "required (or passwordFile) when auth.username is set");
      }
      shards(at, upstream);
    }
  }

  private void failovers(ProxyConfig config) {
    for (int i = 0; i < config.upstreams().size(); i++) {
      UpstreamConfig upstream = config.upstreams().get(i);
      if (upstream == null || upstream.failover() == null) {
        continue;
      }
      String at = "upstreams[" + i + "].failover";
      FailoverConfig failover = upstream.failover();
      positive(at + ".after", failover.after());
      positive(at + ".failbackAfter", failover.failbackAfter());
      String standby = failover.standby();
      UpstreamConfig target = standby == null ? null : config.upstream(standby);
      if (standby == null) {
        problem(at + ".standby", "required");
      } else if (target == null) {
        problem(at + ".standby", "no upstream group is named '" + standby + "'");
      } else if (standby.equals(upstream.name())) {
        problem(at + ".standby", "a group cannot stand by for itself");
      } else if (target.failover() != null) {
        problem(
            at + ".standby",
            "'" + standby + "' has a failover of its own; a standby must not fail over again");
      }
    }
  }

  private void cluster(String at, ClusterConfig cluster) {
    addresses(at + ".cluster.seeds", cluster.seeds(), "at least one seed node is required");
    positive(at + ".cluster.refreshInterval", cluster.refreshInterval());
    positive(at + ".cluster.minRefreshInterval", cluster.minRefreshInterval());
    if (cluster.refreshAfterRedirects() < 1) {
      problem(at + ".cluster.refreshAfterRedirects", "must be at least 1");
    }
  }

  private void shards(String at, UpstreamConfig upstream) {
    List<ShardConfig> shards = upstream.shards();
    if (upstream.clustered()) {
      if (upstream.sentinelled()) {
        problem(
            at + ".sentinel", "a cluster upstream fails over by itself: give cluster or sentinel");
      }
      if (!shards.isEmpty()) {
        problem(at + ".shards", "a cluster upstream discovers its shards: give cluster or shards");
      }
      if (upstream.moving()) {
        problem(at + ".resharding", "a Redis Cluster moves its own slots: give no resharding");
      }
      cluster(at, upstream.cluster());
      return;
    }
    if (shards.isEmpty()) {
      problem(at + ".shards", "at least one shard is required");
    }
    shardList(at + ".shards", upstream, shards);
    if (upstream.sentinelled()) {
      sentinel(at + ".sentinel", upstream.sentinel());
    }
    if (upstream.moving()) {
      resharding(at + ".resharding", upstream);
    }
  }

  private void shardList(String at, UpstreamConfig upstream, List<ShardConfig> shards) {
    if (upstream.sentinelled()) {
      sentinelShards(at, shards);
      return;
    }
    Set<String> shardNames = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (int s = 0; s < shards.size(); s++) {
      ShardConfig shard = shards.get(s);
      String shardAt = at + "[" + s + "]";
      if (shard == null) {
        problem(shardAt, "must not be empty");
        continue;
      }
      address(shardAt + ".primary", shard.primary(), addresses);
      if (shard.name() != null && !shardNames.add(shard.name())) {
        problem(shardAt + ".name", "'" + shard.name() + "' is used by another shard");
      }
      for (int r = 0; r < shard.replicas().size(); r++) {
        address(shardAt + ".replicas[" + r + "]", shard.replicas().get(r), addresses);
      }
      boolean needsReplica = upstream.readPolicy() == ReadPolicy.REPLICA;
      if (needsReplica && shard.replicas().isEmpty()) {
        problem(shardAt + ".replicas", "readPolicy replica needs at least one replica per shard");
      }
    }
  }

  /**
   * The previous shards are checked as the shards are; one in both lists (by name) is one shard, so
   * it must have the same primary in both, and a server can be only one shard.
   */
  private void resharding(String at, UpstreamConfig upstream) {
    Resharding resharding = upstream.resharding();
    if (resharding.id() == null || resharding.id().isBlank()) {
      problem(at + ".id", "required: names this move in the proxies' reports");
    }
    List<ShardConfig> previous = resharding.previousShards();
    if (previous.isEmpty()) {
      problem(at + ".previousShards", "at least one shard is required: where the keys were");
      return;
    }
    shardList(at + ".previousShards", upstream, previous);
    Map<String, String> shardOfPrimary = new HashMap<>();
    Map<String, String> primaryOfShard = new HashMap<>();
    for (ShardConfig shard : upstream.shards()) {
      if (shard != null && shard.primary() != null) {
        shardOfPrimary.put(shard.primary(), shard.name());
        primaryOfShard.put(shard.name(), shard.primary());
      }
    }
    for (int s = 0; s < previous.size(); s++) {
      ShardConfig shard = previous.get(s);
      if (shard == null || shard.primary() == null) {
        continue;
      }
      String owner = shardOfPrimary.get(shard.primary());
      String primaryNow = primaryOfShard.get(shard.name());
      if (owner != null && !owner.equals(shard.name())) {
        problem(
            at + ".previousShards[" + s + "].primary",
            "'" + shard.primary() + "' is shard '" + owner + "' in shards: one server, one shard");
      } else if (primaryNow != null && !primaryNow.equals(shard.primary())) {
        problem(
            at + ".previousShards[" + s + "].primary",
            "shard '" + shard.name() + "' has another primary in shards: a shard keeps its server");
      }
    }
  }

  /** The sentinels name each shard's servers; the config names only the shards. */
  private void sentinelShards(String at, List<ShardConfig> shards) {
    Set<String> shardNames = new HashSet<>();
    for (int s = 0; s < shards.size(); s++) {
      ShardConfig shard = shards.get(s);
      String shardAt = at + "[" + s + "]";
      if (shard == null) {
        problem(shardAt, "must not be empty");
        continue;
      }
      if (shard.primary() != null || !shard.replicas().isEmpty()) {
        problem(
            shardAt,
            "give only the name with sentinel: the sentinels say which server is the primary");
      }
      if (shard.name() == null || shard.name().isBlank()) {
        problem(shardAt + ".name", "required: the name the sentinels monitor this shard by");
      } else if (!shardNames.add(shard.name())) {
        problem(shardAt + ".name", "'" + shard.name() + "' is used by another shard");
      }
    }
  }

  private void sentinel(String at, SentinelConfig sentinel) {
    addresses(at + ".addresses", sentinel.addresses(), "at least one sentinel is required");
    positive(at + ".refreshInterval", sentinel.refreshInterval());
    if (sentinel.auth().username() != null
        && !sentinel.auth().enabled()
        && sentinel.auth().passwordFile() == null) {
      problem(at + ".auth.password", "required (or passwordFile) when auth.username is set");
    }
  }

  /** A list of at least one {@code host:port}, none twice. */
  private void addresses(String field, List<String> addresses, String whenEmpty) {
    if (addresses.isEmpty()) {
      problem(field, whenEmpty);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      address(field + "[" + i + "]", addresses.get(i), seen);
    }
  }

  private void address(String field, String text, Set<String> seen) {
    try {
      HostPort address = HostPort.parse(text);
      if (!seen.add(address.toString())) {
        problem(field, "'" + text + "' is listed twice in this upstream group");
      }
    } catch (IllegalArgumentException e) {
      problem(field, e.getMessage());
    }
  }

  private void routes(ProxyConfig config) {
    List<RouteConfig> routes = config.routes();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig route = routes.get(i);
      String at = "routes[" + i + "]";
      if (route == null) {
        problem(at, "must not be empty");
        continue;
      }
      if (!prefixes.add(route.prefix())) {
        problem(at + ".prefix", "'" + route.prefix() + "' is routed twice");
      }
      if (route.upstream() == null) {
        problem(at + ".upstream", "required");
      } else if (config.upstream(route.upstream()) == null) {
        problem(at + ".upstream", "no upstream group is named '" + route.upstream() + "'");
      }
      if (route.readUpstream() != null && config.upstream(route.readUpstream()) == null) {
        problem(at + ".readUpstream", "no upstream group is named '" + route.readUpstream() + "'");
      }
      mirrors(at, route, config);
      removedPrefix(at, route, config);
    }
    if (config.upstreams().size() > 1 && !prefixes.contains("")) {
      problem(
          "routes",
          "with more than one upstream group a catch-all route (prefix \"\") must say where"
              + " other keys go");
    }
  }

  /**
   * Another region is reached through its proxy, whose routes match the prefix the client wrote: a
   * mirror or standby would get keys without it, and file them under another route.
   */
  private void removedPrefix(String at, RouteConfig route, ProxyConfig config) {
    if (!route.removePrefix()) {
      return;
    }
    if (route.prefix().isEmpty()) {
      problem(at + ".removePrefix", "the catch-all route has no prefix to remove");
    }
    if (!route.mirrors().isEmpty()) {
      problem(
          at + ".removePrefix",
          "cannot be combined with mirrors: the mirror would get the keys without their prefix");
    }
    UpstreamConfig upstream = route.upstream() == null ? null : config.upstream(route.upstream());
    if (upstream != null && upstream.failover() != null) {
      problem(
          at + ".removePrefix",
          "cannot be combined with a failover standby on upstream '"
              + upstream.name()
              + "': the standby would get the keys without their prefix");
    }
  }

  private void timeouts(TimeoutsConfig timeouts) {
    positive("timeouts.connect", timeouts.connect());
    positive("timeouts.operation", timeouts.operation());
    positive("timeouts.reconnectMax", timeouts.reconnectMax());
    if (timeouts.idleClient().isNegative()) {
      problem("timeouts.idleClient", "must not be negative (0s keeps idle clients)");
    }
    if (timeouts.shutdownGrace().isNegative()) {
      problem("timeouts.shutdownGrace", "must not be negative");
    }
  }

  private void positive(String field, Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      problem(field, "must be more than 0");
    }
  }

  private void limits(LimitsConfig limits) {
    if (limits.maxClients() < 1) {
      problem("limits.maxClients", "must be at least 1");
    }
    if (limits.maxRequestBytes() < 1024) {
      problem("limits.maxRequestBytes", "must be at least 1024");
    }
    if (limits.maxPipelineDepth() < 1) {
      problem("limits.maxPipelineDepth", "must be at least 1");
    }
    CommandTable commands = CommandTable.standard();
    for (int i = 0; i < limits.refuseCommands().size(); i++) {
      String name = limits.refuseCommands().get(i);
      if (name == null || !commands.knows(name)) {
        problem(
            "limits.refuseCommands[" + i + "]",
            "'"
                + name
                + "' is no command of Redis 7: name a command (flushall) or a subcommand"
                + " (config|set)");
      }
    }
  }

  private void auth(AuthConfig auth) {
    for (int i = 0; i < auth.passwords().size(); i++) {
      String password = auth.passwords().get(i);
      if (password == null || password.isEmpty()) {
        problem("auth.passwords[" + i + "]", "must not be empty");
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < auth.users().size(); i++) {
      AuthConfig.User user = auth.users().get(i);
      String at = "auth.users[" + i + "]";
      if (user == null) {
        problem(at, "must not be empty");
        continue;
      }
      if (user.name() == null || user.name().isEmpty()) {
        problem(at + ".name", "required");
      } else if (!names.add(user.name())) {
        problem(at + ".name", "'" + user.name() + "' is listed twice");
      }
      if (user.password() == null || user.password().isEmpty()) {
        problem(at + ".password", "required (or passwordFile)");
      }
    }
  }

  private void name(String field, String name, Set<String> seen) {
    if (name == null || name.isEmpty()) {
      problem(field, "required");
    } else if (!NAME.matcher(name).matches()) {
      problem(field, "'" + name + "' may hold only letters, digits, '-', '_' and '.'");
    } else if (!seen.add(name)) {
      problem(field, "'" + name + "' is used by another upstream group");
    }
  }

  private void problem(String field, String message) {
    problems.add(field + ": " + message);
  }
}
