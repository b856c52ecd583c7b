package io.redisproxy.proxy.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * Reads of a range of a direct buffer by its memory address, after one check of the whole range:
 * every checked read through a slice tests the reference counts of the slice, its buffer and that
 * buffer's chunk, and hashing a short key reads it a few bytes at a time. A buffer without an
 * address (heap, composite) is read through its own checked methods instead.
 */
public final class DirectReads {
  private DirectReads() {}

  /**
   * The address to read {@code buf[index, index + length)} at, 0 when it must be read through
   * {@code buf}: it has no address, or the range is not inside it (its checked reads then throw).
   */
  public static long address(ByteBuf buf, int index, int length) {
    if (!buf.hasMemoryAddress() || index < 0 || length < 0 || index > buf.capacity() - length) {
      return 0;
    }
    return buf.memoryAddress();
  }

  /** The byte at {@code index}, through {@code address} from {@link #address} unless it is 0. */
  public static byte getByte(ByteBuf buf, long address, int index) {
    return address != 0 ? PlatformDependent.getByte(address + index) : buf.getByte(index);
  }

  /** Where {@code value} first is in {@code buf[from, to)}, or -1; as {@link #getByte}. */
  public static int indexOf(ByteBuf buf, long address, int from, int to, byte value) {
    if (address == 0) {
      // ByteBuf.indexOf checks bounds once, not per byte.
      return buf.indexOf(from, to, value);
    }
    for (int i = from; i < to; i++) {
      if (PlatformDependent.getByte(address + i) == value) {
        return i;
      }
    }
    return -1;
  }

  /** The little-endian unsigned int at {@code index}, as {@link #getByte}. */
  public static long getUnsignedIntLE(ByteBuf buf, long address, int index) {
    if (address == 0) {
      return buf.getUnsignedIntLE(index);
    }
    int value = PlatformDependent.getInt(address + index);
    return (PlatformDependent.BIG_ENDIAN_NATIVE_ORDER ? Integer.reverseBytes(value) : value)
        & 0xFFFFFFFFL;
  }

  /** The little-endian long at {@code index}, as {@link #getByte}. */
  public static long getLongLE(ByteBuf buf, long address, int index) {
    if (address == 0) {
      return buf.getLongLE(index);
    }
    long value = PlatformDependent.getLong(address + index);
    return PlatformDependent.BIG_ENDIAN_NATIVE_ORDER ? Long.reverseBytes(value) : value;
  }
}
