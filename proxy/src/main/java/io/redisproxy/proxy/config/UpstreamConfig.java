package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A group of shards that together hold one keyspace: each key lives on exactly one shard, chosen by
 * the group's hashing over the listed {@code shards}, or, with {@code cluster}, by a Redis
 * Cluster's own slot map, discovered from its seed nodes. With {@code sentinel}, Redis Sentinel
 * says which server of each named shard is its primary. With {@code failover}, its traffic moves to
 * a standby group while none of its primaries is reachable.
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
  "tls"
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
    SentinelConfig sentinel) {

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
