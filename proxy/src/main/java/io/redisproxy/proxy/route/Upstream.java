package io.redisproxy.proxy.route;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.sentinel.SentinelTopology;
import io.redisproxy.proxy.shard.HashTags;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.Slots;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An upstream group as routing sees it: its shards and how a key picks one, either by hashing over
 * fixed shards or by a Redis Cluster's live slot map. With Redis Sentinel the shards stay on the
 * hash ring while their servers change: a failover replaces a shard's entry, never its place. While
 * keys move to a new shard list, the shards are the new ones followed by the previous ones that
 * leave, and the previous list's selector says where a key was.
 */
public final class Upstream {
  private final String name;
  private final ShardSelector selector;
  private final ClusterTopology topology;
  private final SentinelTopology sentinel;
  private final ReadPolicy readPolicy;
  // Replaced whole, so a request reads one consistent set; an entry is null while the sentinels
  // have not named its primary.
  private volatile Shards shards;
  private Failover failover;
  // While keys move from a previous shard list: that list's selector and, for each of its shards,
  // its place here; null otherwise.
  private KeyMove move;

  private record KeyMove(Resharding resharding, ShardSelector selector, int[] places) {}

  private record Shards(Shard[] byIndex, List<Shard> known) {
    static Shards of(Shard[] byIndex) {
      return new Shards(byIndex, Arrays.stream(byIndex).filter(Objects::nonNull).toList());
    }
  }

  Upstream(String name, ShardSelector selector, ReadPolicy readPolicy) {
    this(name, selector, null, null, readPolicy, 0);
  }

  Upstream(String name, ClusterTopology topology, ReadPolicy readPolicy) {
    this(name, null, topology, null, readPolicy, 0);
  }

  Upstream(
      String name,
      ShardSelector selector,
      SentinelTopology sentinel,
      ReadPolicy readPolicy,
      int shardCount) {
    this(name, selector, null, sentinel, readPolicy, shardCount);
  }

  private Upstream(
      String name,
      ShardSelector selector,
      ClusterTopology topology,
      SentinelTopology sentinel,
      ReadPolicy readPolicy,
      int shardCount) {
    this.name = name;
    this.selector = selector;
    this.topology = topology;
    this.sentinel = sentinel;
    this.readPolicy = readPolicy;
    this.shards = Shards.of(new Shard[shardCount]);
  }

  public String name() {
    return name;
  }

  /**
   * Keys move from the shards named {@code previous}, placed by {@code selector}; each of them is
   * one of this group's shards (by name), which come in {@code names} order.
   */
  void moving(Resharding resharding, ShardSelector selector, List<String> names) {
    List<ShardConfig> previous = resharding.previousShards();
    int[] places = new int[previous.size()];
    for (int i = 0; i < places.length; i++) {
      places[i] = names.indexOf(previous.get(i).name());
    }
    move = new KeyMove(resharding, selector, places);
  }

  /** The move under way in this group, or null. */
  public Resharding resharding() {
    return move != null ? move.resharding() : null;
  }

  /**
   * While keys move: the place among {@link #shards} of the shard the previous list put the key in
   * {@code buf[index, index + length)} on, when that is not the shard it goes to now; otherwise -1.
   */
  int movingFrom(ByteBuf buf, int index, int length) {
    KeyMove keyMove = move;
    if (keyMove == null) {
      return -1;
    }
    int before = keyMove.places()[keyMove.selector().shardOf(buf, index, length)];
    return before == selector.shardOf(buf, index, length) ? -1 : before;
  }

  /** The shard at {@code place}, or null while the sentinels have not named its primary. */
  Shard shardAt(int place) {
    return shards.byIndex()[place];
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

  /** The sentinels that name this group's primaries, or null when the config names them. */
  public SentinelTopology sentinel() {
    return sentinel;
  }

  /**
   * The shards now: fixed for hash-sharded groups, the cluster's current primaries otherwise; with
   * Sentinel, those whose primary is known.
   */
  public List<Shard> shards() {
    return topology != null ? topology.shards() : shards.known();
  }

  /**
   * The shard of the key in {@code buf[index, index + length)}; null while a slot map is unknown,
   * or while the sentinels have not named the shard's primary.
   */
  Shard shardOf(ByteBuf buf, int index, int length) {
    if (topology != null) {
      return topology.shardOfSlot(Slots.slotOf(buf, index, length));
    }
    return shards.byIndex()[selector.shardOf(buf, index, length)];
  }

  /**
   * The shard of every key beginning with {@code buf[index, index + length)}, or null when such
   * keys may be on several shards: the group has more than one and the beginning holds no hash tag
   * it hashes by. Null too for a Redis Cluster, which places keys itself.
   */
  Shard shardOfKeysStarting(ByteBuf buf, int index, int length) {
    if (topology != null) {
      return null;
    }
    boolean alike =
        selector.shardCount() == 1
            || (selector.hashesByTag() && HashTags.tagged(buf, index, length));
    return alike ? shardOf(buf, index, length) : null;
  }

  void add(Shard shard) {
    Shard[] next = Arrays.copyOf(shards.byIndex(), shards.byIndex().length + 1);
    next[next.length - 1] = shard;
    shards = Shards.of(next);
  }

  /** Puts {@code shard} in the place of its index: its servers changed, its keys did not. */
  public synchronized void replace(Shard shard) {
    Shard[] next = shards.byIndex().clone();
    next[shard.index()] = shard;
    shards = Shards.of(next);
  }

  @Override
  public String toString() {
    return name;
  }
}
