package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.net.DirectReads;

/**
 * The 64-bit xxHash (XXH64) of bytes in a {@link ByteBuf}, read in place: fast, well mixed, and the
 * same on every platform, so every proxy maps a key to the same shard.
 */
public final class XxHash64 {
  private static final long PRIME1 = 0x9E3779B185EBCA87L;
  private static final long PRIME2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME3 = 0x165667B19E3779F9L;
  private static final long PRIME4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME5 = 0x27D4EB2F165667C5L;

  private XxHash64() {}

  /** XXH64 with seed 0 of {@code buf[index, index + length)}. */
  public static long hash(ByteBuf buf, int index, int length) {
    return hash(buf, index, length, 0);
  }

  /** XXH64 with {@code seed} of {@code buf[index, index + length)}. */
  public static long hash(ByteBuf buf, int index, int length, long seed) {
    long address = DirectReads.address(buf, index, length);
    int at = index;
    int end = index + length;
    long hash;
    if (length >= 32) {
      long v1 = seed + PRIME1 + PRIME2;
      long v2 = seed + PRIME2;
      long v3 = seed;
      long v4 = seed - PRIME1;
      for (int stripesEnd = end - 31; at < stripesEnd; at += 32) {
        v1 = round(v1, DirectReads.getLongLE(buf, address, at));
        v2 = round(v2, DirectReads.getLongLE(buf, address, at + 8));
        v3 = round(v3, DirectReads.getLongLE(buf, address, at + 16));
        v4 = round(v4, DirectReads.getLongLE(buf, address, at + 24));
      }
      hash =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      hash = mergeRound(hash, v1);
      hash = mergeRound(hash, v2);
      hash = mergeRound(hash, v3);
      hash = mergeRound(hash, v4);
    } else {
      hash = seed + PRIME5;
    }
    hash += length;
    for (; at + 8 <= end; at += 8) {
      hash ^= round(0, DirectReads.getLongLE(buf, address, at));
      hash = Long.rotateLeft(hash, 27) * PRIME1 + PRIME4;
    }
    if (at + 4 <= end) {
      hash ^= DirectReads.getUnsignedIntLE(buf, address, at) * PRIME1;
      hash = Long.rotateLeft(hash, 23) * PRIME2 + PRIME3;
      at += 4;
    }
    for (; at < end; at++) {
      hash ^= (DirectReads.getByte(buf, address, at) & 0xFF) * PRIME5;
      hash = Long.rotateLeft(hash, 11) * PRIME1;
    }
    return avalanche(hash);
  }

  private static long round(long accumulator, long lane) {
    return Long.rotateLeft(accumulator + lane * PRIME2, 31) * PRIME1;
  }

  private static long mergeRound(long hash, long accumulator) {
    return (hash ^ round(0, accumulator)) * PRIME1 + PRIME4;
  }

  private static long avalanche(long hash) {
    hash ^= hash >>> 33;
    hash *= PRIME2;
    hash ^= hash >>> 29;
    hash *= PRIME3;
    hash ^= hash >>> 32;
    return hash;
  }
}
