package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.net.DirectReads;

/**
 * Redis Cluster's hash tags: when a key holds a '{' and, after it, a '}' with at least one byte in
 * between, only the bytes between the first '{' and the first '}' after it pick the shard, so
 * {@code {user1000}.following} and {@code {user1000}.followers} land together. Otherwise, as for
 * {@code foo{}{bar}}, the whole key counts.
 */
public final class HashTags {
  private HashTags() {}

  /**
   * The part of the key in {@code buf[index, index + length)} that picks its shard, packed as
   * {@code start << 32 | length} so the hot path allocates nothing; read it with {@link #start} and
   * {@link #length}.
   */
  public static long hashedPart(ByteBuf buf, int index, int length) {
    int end = index + length;
    long address = DirectReads.address(buf, index, length);
    int open = DirectReads.indexOf(buf, address, index, end, (byte) '{');
    if (open >= 0) {
      int close = DirectReads.indexOf(buf, address, open + 1, end, (byte) '}');
      if (close > open + 1) {
        return part(open + 1, close - open - 1);
      }
    }
    return part(index, length);
  }

  /**
   * Whether the key in {@code buf[index, index + length)} holds a hash tag, so that any key
   * beginning with it hashes alike.
   */
  public static boolean tagged(ByteBuf buf, int index, int length) {
    return start(hashedPart(buf, index, length)) != index;
  }

  /** Where a part from {@link #hashedPart} starts in the buffer. */
  public static int start(long part) {
    return (int) (part >>> 32);
  }

  /** How many bytes a part from {@link #hashedPart} holds. */
  public static int length(long part) {
    return (int) part;
  }

  private static long part(int start, int length) {
    return ((long) start << 32) | length;
  }
}
