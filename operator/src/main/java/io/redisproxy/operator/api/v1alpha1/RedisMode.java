package io.redisproxy.operator.api.v1alpha1;

/** How the managed Redis servers hold the keyspace. */
public enum RedisMode {
  /** Independent primaries; the proxy picks a key's shard by consistent hashing. */
  Sharded,
  /** A Redis Cluster: the servers own hash slots and the proxy follows them. */
  Cluster
}
