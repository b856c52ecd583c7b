package io.redisproxy.proxy.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * Appends many ranges of one buffer to another (the keys of a split request, the elements of a
 * merged reply). Between direct buffers the two are checked once, not per range: each checked copy
 * through a slice tests the reference counts of the slice, its buffer and that buffer's chunk, and
 * for a hundred short keys those tests cost more than the bytes. Every range is checked against
 * both buffers' bounds before it is copied; one that does not fit the target grows it.
 */
public final class RangeCopy {
  private final ByteBuf target;
  private final ByteBuf source;
  private long sourceAddress;
  private long targetAddress;
  private int targetCapacity;

  /** Copies from {@code source} into {@code target}; both must stay live while this is used. */
  public RangeCopy(ByteBuf target, ByteBuf source) {
    this.target = target;
    this.source = source;
    findAddresses();
  }

  /** Appends {@code source[index, index + length)} to the target. */
  public void append(int index, int length) {
    int capacity = target.capacity();
    if (capacity != targetCapacity) {
      // The target grew, through this copier or another one: its memory moved.
      findAddresses();
    }
    int at = target.writerIndex();
    if (sourceAddress == 0
        || index < 0
        || length < 0
        || index > source.capacity() - length
        || at > capacity - length) {
      ByteCopy.append(target, source, index, length);
      return;
    }
    PlatformDependent.copyMemory(sourceAddress + index, targetAddress + at, length);
    target.writerIndex(at + length);
  }

  /** Both addresses when both buffers are direct, else zero: then every range is copied checked. */
  private void findAddresses() {
    boolean direct = target.hasMemoryAddress() && source.hasMemoryAddress();
    sourceAddress = direct ? source.memoryAddress() : 0;
    targetAddress = direct ? target.memoryAddress() : 0;
    targetCapacity = target.capacity();
  }
}
