package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;

/**
 * Picks which shard of an upstream group holds a key. Implementations are immutable, built once per
 * config, shared by all event loops, and allocate nothing per call: keys are hashed where they lie
 * in the request buffer.
 */
public interface ShardSelector {
  /**
   * The shard, from 0 to {@link #shardCount()} - 1 in the order the shards were given, for the key
   * in {@code buf[index, index + length)}. Reads no byte outside that range and leaves the buffer's
   * indexes untouched.
   */
  int shardOf(ByteBuf buf, int index, int length);

  int shardCount();

  /** Whether keys sharing a {@link HashTags hash tag} share a shard. */
  default boolean hashesByTag() {
    return false;
  }
}
