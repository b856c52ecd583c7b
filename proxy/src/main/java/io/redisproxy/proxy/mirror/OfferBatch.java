package io.redisproxy.proxy.mirror;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.net.ByteCopy;
import java.util.Arrays;

/** The commands one event loop offers one mirror target during one turn, collected in order. */
final class OfferBatch {
  private final MirrorSender sender;
  private ByteBuf frames;
  // Allocated with the frames: most batches are taken once and dropped at the end of the turn.
  private int[] ends;
  private int[] replies;
  private int units;
  private long firstAt;

  OfferBatch(MirrorSender sender) {
    this.sender = sender;
  }

  MirrorSender sender() {
    return sender;
  }

  /**
   * Copies in {@code frame} (not taken), a unit owed {@code unitReplies} replies; its primary
   * acknowledged it just now.
   */
  void add(ByteBuf frame, int unitReplies, ByteBufAllocator alloc) {
    if (frames == null) {
      frames = alloc.directBuffer(Math.max(4096, frame.readableBytes()));
      ends = new int[16];
      replies = new int[16];
      // The batch's age is its first command's: the lag a target reports starts there.
      firstAt = System.nanoTime();
    }
    if (units == ends.length) {
      ends = Arrays.copyOf(ends, units * 2);
      replies = Arrays.copyOf(replies, units * 2);
    }
    ByteCopy.append(frames, frame);
    ends[units] = frames.writerIndex();
    replies[units] = unitReplies;
    units++;
  }

  boolean isEmpty() {
    return units == 0;
  }

  int bytes() {
    return frames == null ? 0 : frames.readableBytes();
  }

  /** What was collected, as one entry (owning the frames); the batch starts empty again. */
  MirrorEntry take() {
    MirrorEntry entry = new MirrorEntry(frames, ends, replies, units, firstAt);
    frames = null;
    ends = null;
    replies = null;
    units = 0;
    return entry;
  }
}
