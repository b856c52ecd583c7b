package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Bytes read from a socket and not yet consumed. Frames handed out are retained slices of it, so
 * once a slice is alive the buffer is never written again: the unconsumed tail moves to a new
 * buffer instead.
 */
public final class ReadBuffer {
  private ByteBuf buffer;

  /** Adds {@code in} (taking ownership) and returns the buffer to decode from. */
  public ByteBuf append(ByteBuf in, ByteBufAllocator alloc) {
    if (buffer == null) {
      buffer = in;
    } else if (!buffer.isReadable()) {
      buffer.release();
      buffer = in;
    } else if (buffer.refCnt() == 1 && buffer.writableBytes() >= in.readableBytes()) {
      buffer.writeBytes(in);
      in.release();
    } else {
      int needed = buffer.readableBytes() + in.readableBytes();
      // Room for twice the unconsumed tail: a large frame arriving in many reads is copied a
      // logarithmic number of times, and consumed bytes never count towards the new size.
      int capacity =
          (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buffer.readableBytes()));
      ByteBuf merged = alloc.buffer(capacity);
      merged.writeBytes(buffer).writeBytes(in);
      buffer.release();
      in.release();
      buffer = merged;
    }
    return buffer;
  }

  /** What is buffered now, or null: decoding resumes from here after a pause. */
  public ByteBuf buffered() {
    return buffer;
  }

  /** Frees the buffer once everything in it was consumed. */
  public void compact() {
    if (buffer != null && !buffer.isReadable()) {
      buffer.release();
      buffer = null;
    }
  }

  public boolean isEmpty() {
    return buffer == null || !buffer.isReadable();
  }

  public void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}
