package io.redisproxy.proxy.route;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.Slots;
import java.util.ArrayList;
import java.util.List;

/**
 * An upstream group as routing sees it: its shards and how a key picks one, either by hashing over
 * fixed shards or by a Redis Cluster's live slot map.
 */
public final class Upstream {
  private final String name;
  private final ShardSelector selector;
  private final ClusterTopology topology;
  private final ReadPolicy readPolicy;
  private final List<Shard> shards = new ArrayList<>();
  private Failover failover;

  Upstream(String name, ShardSelector selector, ReadPolicy readPolicy) {
    this(name, selector, null, readPolicy);
  }

  Upstream(String name, ClusterTopology topology, ReadPolicy readPolicy) {
    this(name, null, topology, readPolicy);
  }

  private Upstream(
      String name, ShardSelector selector, ClusterTopology topology, ReadPolicy readPolicy) {
    this.name = name;
    this.selector = selector;
    this.topology = topology;
    this.readPolicy = readPolicy;
  }

  public String name() {
    return name;
  }

  void failover(Failover failover) {
    this.failover = failover;
  }

  /** The group that serves this group's traffic now: its standby while it is failed over. */
  public Upstream serving() {
    return failover != null && failover.active() ? failover.standby() : this;
  }

  public ReadPolicy readPolicy() {
    return readPolicy;
  }

  /** The Redis Cluster behind this group, or null for hash-sharded servers. */
  public ClusterTopology topology() {
    return topology;
  }

  /** The shards now: fixed for hash-sharded groups, the cluster's current primaries otherwise. */
  public List<Shard> shards() {
    return topology != null ? topology.shards() : shards;
  }

  /**
   * The shard of the key in {@code buf[index, index + length)}; null while a slot map is unknown.
   */
  Shard shardOf(ByteBuf buf, int index, int length) {
    if (topology != null) {
      return topology.shardOfSlot(Slots.slotOf(buf, index, length));
    }
    return shards.get(selector.shardOf(buf, index, length));
  }

  void add(Shard shard) {
    shards.add(shard);
  }

  @Override
  public String toString() {
    return name;
  }
}
