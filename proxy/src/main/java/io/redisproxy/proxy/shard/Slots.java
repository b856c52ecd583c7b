package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;

/** Redis Cluster key slots: CRC16 of the key, or of its hash tag, modulo 16384. */
public final class Slots {
  /** How many slots a Redis Cluster divides its keys into. */
  public static final int COUNT = 16384;

  private Slots() {}

  /**
   * The slot of the key in {@code buf[index, index + length)}, as {@code CLUSTER KEYSLOT} gives it.
   * Hash tags always apply, as they do in Redis Cluster.
   */
  public static int slotOf(ByteBuf buf, int index, int length) {
    long part = HashTags.hashedPart(buf, index, length);
    return Crc16.crc16(buf, HashTags.start(part), HashTags.length(part)) & (COUNT - 1);
  }
}
