package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Bytes read from a socket and not yet consumed. Frames handed out are retained slices of it, so
 * once a slice is alive the buffer is never written again: the unconsumed tail moves to a new
 * buffer instead. A tail of {@link #GATHER_BYTES} or more is gathered without copying: the reads
 * become the components of a composite buffer. Consumers take every complete frame while they run
 * (a paused client leaves its pipeline waiting), so such a tail is mostly one large frame (a value
 * arriving in many reads); a stream of small frames, whose tail is a part of one of them, stays in
 * contiguous buffers, which are cheaper to parse.
 */
public final class ReadBuffer {
  // Below this, one copy into a contiguous buffer is cheaper than reading across components.
  static final int GATHER_BYTES = 32 * 1024;

  private ByteBuf buffer;

  /** Adds {@code in} (taking ownership) and returns the buffer to decode from. */
  public ByteBuf append(ByteBuf in, ByteBufAllocator alloc) {
    if (buffer == null) {
      buffer = in;
    } else if (!buffer.isReadable()) {
      buffer.release();
      buffer = in;
    } else if (buffer instanceof CompositeByteBuf composite && composite.readerIndex() == 0) {
      // Appending leaves every byte a handed-out slice sees where it is.
      composite.addComponent(true, in);
    } else if (buffer.readableBytes() >= GATHER_BYTES) {
      buffer = gather(alloc, in);
    } else if (!(buffer instanceof CompositeByteBuf)
        && buffer.refCnt() == 1
        && buffer.writableBytes() >= in.readableBytes()) {
      buffer.writeBytes(in);
      in.release();
    } else {
      int needed = buffer.readableBytes() + in.readableBytes();
      // Room for twice the unconsumed tail: a frame arriving in many reads is copied a
      // logarithmic number of times, and consumed bytes never count towards the new size.
      int capacity = Math.max(needed, 2 * buffer.readableBytes());
      ByteBuf merged = alloc.buffer(capacity);
      merged.writeBytes(buffer).writeBytes(in);
      buffer.release();
      in.release();
      buffer = merged;
    }
    return buffer;
  }

  /**
   * A composite of the unconsumed tail and {@code in}. The tail is taken as slices of the buffers
   * it lies in, not of a composite, so that consumed reads are freed once the frames handed out
   * from them are.
   */
  private ByteBuf gather(ByteBufAllocator alloc, ByteBuf in) {
    CompositeByteBuf gathered = alloc.compositeBuffer(Integer.MAX_VALUE);
    if (buffer instanceof CompositeByteBuf composite) {
      for (ByteBuf part : composite.decompose(composite.readerIndex(), composite.readableBytes())) {
        gathered.addComponent(true, part.retain());
      }
    } else {
      gathered.addComponent(true, buffer.retainedSlice());
    }
    gathered.addComponent(true, in);
    buffer.release();
    return gathered;
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
