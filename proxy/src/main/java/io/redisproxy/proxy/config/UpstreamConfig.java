package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group of shards that together hold one keyspace: each key lives on exactly one shard, chosen by
 * the group's hashing over the listed {@code shards}, or, with {@code cluster}, by a Redis
 * Cluster's own slot map, discovered from its seed nodes. With {@code sentinel}, Redis Sentinel
 * says which server of each named shard is its primary. With {@code failover}, its traffic moves to
 * a standby group while none of its primaries is reachable.
 *
 * <p>{@code flushDelay} (off by default) holds a connection's writes for up to that long while it
 * already waits for replies, so the requests of many clients reach a server in one write and it
 * reads fewer times per request; the price is up to that much latency on a busy connection. A
 * connection with nothing in flight is flushed at once.
 *
 * <p>With {@code resharding}, keys are moving from a previous shard list to {@code shards}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "name",
  "hashing",
  "maglevTableSize",
  "hashTags",
  "readPolicy",
  "connectionsPerNode",
  "auth",
  "shards",
  "cluster",
  "sentinel",
  "failover",
  "tls",
  "flushDelay",
  "resharding"
})
public record UpstreamConfig(
    String name,
    Hashing hashing,
    Integer maglevTableSize,
    Boolean hashTags,
    ReadPolicy readPolicy,
    Integer connectionsPerNode,
    UpstreamAuth auth,
    List<ShardConfig> shards,
    ClusterConfig cluster,
    FailoverConfig failover,
    UpstreamTls tls,
    SentinelConfig sentinel,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration flushDelay,
    Resharding resharding) {

  /** A prime, as Maglev needs; large enough that shards get near-equal shares. */
  public static final int DEFAULT_MAGLEV_TABLE_SIZE = 65537;

  public UpstreamConfig {
    hashing = hashing != null ? hashing : Hashing.MAGLEV;
    maglevTableSize = maglevTableSize != null ? maglevTableSize : DEFAULT_MAGLEV_TABLE_SIZE;
    hashTags = hashTags != null ? hashTags : Boolean.TRUE;
    readPolicy = readPolicy != null ? readPolicy : ReadPolicy.PRIMARY;
    connectionsPerNode = connectionsPerNode != null ? connectionsPerNode : 1;
    auth = auth != null ? auth : UpstreamAuth.NONE;
    shards = shards != null ? List.copyOf(shards) : List.of();
    flushDelay = flushDelay != null ? flushDelay : Duration.ZERO;
  }

  /** A group whose shard list is not changing. */
  public UpstreamConfig(
      String name,
      Hashing hashing,
      Integer maglevTableSize,
      Boolean hashTags,
      ReadPolicy readPolicy,
      Integer connectionsPerNode,
      UpstreamAuth auth,
      List<ShardConfig> shards,
      ClusterConfig cluster,
      FailoverConfig failover,
      UpstreamTls tls,
      SentinelConfig sentinel,
      Duration flushDelay) {
    this(
        name,
        hashing,
        maglevTableSize,
        hashTags,
        readPolicy,
        connectionsPerNode,
        auth,
        shards,
        cluster,
        failover,
        tls,
        sentinel,
        flushDelay,
        null);
  }

  /** A group whose writes to its servers are flushed at once (no {@code flushDelay}). */
  public UpstreamConfig(
      String name,
      Hashing hashing,
      Integer maglevTableSize,
      Boolean hashTags,
      ReadPolicy readPolicy,
      Integer connectionsPerNode,
      UpstreamAuth auth,
      List<ShardConfig> shards,
      ClusterConfig cluster,
      FailoverConfig failover,
      UpstreamTls tls,
      SentinelConfig sentinel) {
    this(
        name,
        hashing,
        maglevTableSize,
        hashTags,
        readPolicy,
        connectionsPerNode,
        auth,
        shards,
        cluster,
        failover,
        tls,
        sentinel,
        (Duration) null);
  }

  /** A hash-sharded group. */
  public UpstreamConfig(
      String name,
      Hashing hashing,
      Integer maglevTableSize,
      Boolean hashTags,
      ReadPolicy readPolicy,
      Integer connectionsPerNode,
      UpstreamAuth auth,
      List<ShardConfig> shards) {
    this(
        name,
        hashing,
        maglevTableSize,
        hashTags,
        readPolicy,
        connectionsPerNode,
        auth,
        shards,
        null,
        null);
  }

  /** A group reached without TLS. */
  public UpstreamConfig(
      String name,
      Hashing hashing,
      Integer maglevTableSize,
      Boolean hashTags,
      ReadPolicy readPolicy,
      Integer connectionsPerNode,
      UpstreamAuth auth,
      List<ShardConfig> shards,
      ClusterConfig cluster,
      FailoverConfig failover) {
    this(
        name,
        hashing,
        maglevTableSize,
        hashTags,
        readPolicy,
        connectionsPerNode,
        auth,
        shards,
        cluster,
        failover,
        null);
  }

  /** A group whose primaries are the ones its shards name, or a Redis Cluster. */
  public UpstreamConfig(
      String name,
      Hashing hashing,
      Integer maglevTableSize,
      Boolean hashTags,
      ReadPolicy readPolicy,
      Integer connectionsPerNode,
      UpstreamAuth auth,
      List<ShardConfig> shards,
      ClusterConfig cluster,
      FailoverConfig failover,
      UpstreamTls tls) {
    this(
        name,
        hashing,
        maglevTableSize,
        hashTags,
        readPolicy,
        connectionsPerNode,
        auth,
        shards,
        cluster,
        failover,
        tls,
        null);
  }

  /** Whether this group's keys are moving from a previous shard list to {@code shards}. */
  public boolean moving() {
    return resharding != null;
  }

  /**
   * Every shard this group sends to: its {@code shards}, then, while keys move, the previous shards
   * that are not among them (found by name).
   */
  public List<ShardConfig> allShards() {
    if (resharding == null) {
      return shards;
    }
    List<ShardConfig> all = new ArrayList<>(shards);
    Set<String> names = new HashSet<>();
    shards.forEach(shard -> names.add(shard.name()));
    for (ShardConfig previous : resharding.previousShards()) {
      if (names.add(previous.name())) {
        all.add(previous);
      }
    }
    return List.copyOf(all);
  }

  /** This group with {@code shards} in place of its own and no move under way. */
  public UpstreamConfig withShards(List<ShardConfig> shards) {
    return with(shards, null);
  }

  /** This group while its keys move as {@code resharding} says. */
  public UpstreamConfig withResharding(Resharding resharding) {
    return with(shards, resharding);
  }

  private UpstreamConfig with(List<ShardConfig> shards, Resharding resharding) {
    return new UpstreamConfig(
        name,
        hashing,
        maglevTableSize,
        hashTags,
        readPolicy,
        connectionsPerNode,
        auth,
        shards,
        cluster,
        failover,
        tls,
        sentinel,
        flushDelay,
        resharding);
  }

  /** Whether Redis Sentinel names the primaries of this group's shards. */
  public boolean sentinelled() {
    return sentinel != null;
  }

  /** Whether this group is a Redis Cluster rather than hash-sharded servers. */
  public boolean clustered() {
    return cluster != null;
  }

  /**
   * Credentials the proxy presents to this group's Redis servers; the password inline or in a file.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"username", "password", "passwordFile"})
  public record UpstreamAuth(String username, String password, String passwordFile) {
    public static final UpstreamAuth NONE = new UpstreamAuth(null, null, null);

    public UpstreamAuth(String username, String password) {
      this(username, password, null);
    }

    public boolean enabled() {
      return password != null && !password.isEmpty();
    }
  }
}
