package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;

/** Applies {@link HashTags} before another selector, so keys sharing a tag share a shard. */
public final class HashTaggedSelector implements ShardSelector {
  private final ShardSelector hashing;

  public HashTaggedSelector(ShardSelector hashing) {
    this.hashing = hashing;
  }

  @Override
  public int shardOf(ByteBuf buf, int index, int length) {
    long part = HashTags.hashedPart(buf, index, length);
    return hashing.shardOf(buf, HashTags.start(part), HashTags.length(part));
  }

  @Override
  public int shardCount() {
    return hashing.shardCount();
  }

  @Override
  public boolean hashesByTag() {
    return true;
  }
}
