package io.redisproxy.proxy.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The writes of one channel between two flushes. Small frames are copied into one buffer; large
 * ones are written as they are. Netty's per-message bookkeeping (an outbound entry, reference
 * counts, an iovec) costs more than copying a frame of a few hundred bytes, and most requests and
 * replies are that small, so this departs from forwarding every frame as its own slice: measured,
 * it cuts the proxy's CPU per pipelined request. Order is kept: a large frame first writes out the
 * batch before it.
 */
public final class OutboundBatch {
  /** Frames up to this size are copied. */
  static final int SMALL_FRAME = 1024;

  private static final int BATCH_CAPACITY = 16 * 1024;

  private final ChannelHandlerContext ctx;
  private ByteBuf batch;
  private int unflushed;

  public OutboundBatch(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Adds {@code frame}, taking ownership. */
  public void add(ByteBuf frame) {
    unflushed += frame.readableBytes();
    if (frame.readableBytes() <= SMALL_FRAME) {
      copyIn(frame);
      frame.release();
    } else {
      writeBatch();
      ctx.write(frame, ctx.voidPromise());
    }
  }

  /**
   * Adds the bytes of {@code frame} without taking it: a small frame is copied, a large one written
   * as a retained duplicate. For frames the caller keeps, such as mirrored commands that may have
   * to be sent again.
   */
  public void addCopy(ByteBuf frame) {
    unflushed += frame.readableBytes();
    if (frame.readableBytes() <= SMALL_FRAME) {
      copyIn(frame);
    } else {
      writeBatch();
      ctx.write(frame.retainedDuplicate(), ctx.voidPromise());
    }
  }

  private void copyIn(ByteBuf frame) {
    int size = frame.readableBytes();
    if (batch != null && batch.writableBytes() < size) {
      writeBatch();
    }
    if (batch == null) {
      batch = ctx.alloc().directBuffer(BATCH_CAPACITY);
    }
    ByteCopy.append(batch, frame, frame.readerIndex(), size);
  }

  /** Writes what is batched and flushes the channel. */
  public void flush() {
    writeBatch();
    unflushed = 0;
    ctx.flush();
  }

  /** How many bytes were added since the last flush. */
  public int unflushedBytes() {
    return unflushed;
  }

  /** Drops what is batched, when the channel closes. */
  public void discard() {
    if (batch != null) {
      batch.release();
      batch = null;
    }
  }

  private void writeBatch() {
    if (batch != null) {
      ctx.write(batch, ctx.voidPromise());
      batch = null;
    }
  }
}
