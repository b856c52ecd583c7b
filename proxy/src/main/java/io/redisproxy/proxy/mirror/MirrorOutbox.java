package io.redisproxy.proxy.mirror;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an event loop collects what it mirrors during one turn, per target, and hands it to the
 * targets' senders once at the end of the turn: one hand-off, one buffer reservation and one queue
 * entry per target and turn instead of per command, which is most of what mirroring costs the
 * primary path. Order is kept: a target gets a loop's commands in the order they were offered, as
 * before. Off an event loop (not the case today) each offer goes at once.
 */
public final class MirrorOutbox {
  /** A batch this large goes at once rather than at the end of the turn. */
  static final int MAX_BATCH_BYTES = 64 * 1024;

  private static final FastThreadLocal<MirrorOutbox> OUTBOXES =
      new FastThreadLocal<>() {
        @Override
        protected MirrorOutbox initialValue() {
          return new MirrorOutbox();
        }
      };

  private final List<OfferBatch> batches = new ArrayList<>(2);
  private final Runnable handOff = this::handOff;
  private boolean handOffScheduled;

  private MirrorOutbox() {}

  /**
   * Offers {@code frames} (not taken: copied), one unit owed {@code replies} replies, to every
   * target, from the thread of {@code loop}, where offers are batched; from elsewhere, at once.
   */
  public static void offer(
      EventExecutor loop,
      ByteBufAllocator alloc,
      List<MirrorSender> targets,
      ByteBuf frames,
      int replies) {
    if (loop.inEventLoop()) {
      OUTBOXES.get().add(loop, alloc, targets, frames, replies);
      return;
    }
    for (MirrorSender target : targets) {
      OfferBatch alone = new OfferBatch(target);
      alone.add(frames, replies, alloc);
      target.accept(alone.take());
    }
  }

  private void add(
      EventExecutor loop,
      ByteBufAllocator alloc,
      List<MirrorSender> targets,
      ByteBuf frames,
      int replies) {
    for (int i = 0; i < targets.size(); i++) {
      OfferBatch batch = batchOf(targets.get(i));
      batch.add(frames, replies, alloc);
      if (batch.bytes() >= MAX_BATCH_BYTES) {
        batch.sender().accept(batch.take());
      }
    }
    if (!handOffScheduled) {
      handOffScheduled = true;
      loop.execute(handOff);
    }
  }

  private OfferBatch batchOf(MirrorSender sender) {
    for (int i = 0; i < batches.size(); i++) {
      if (batches.get(i).sender() == sender) {
        return batches.get(i);
      }
    }
    OfferBatch batch = new OfferBatch(sender);
    batches.add(batch);
    return batch;
  }

  private void handOff() {
    handOffScheduled = false;
    for (int i = 0; i < batches.size(); i++) {
      OfferBatch batch = batches.get(i);
      if (!batch.isEmpty()) {
        batch.sender().accept(batch.take());
      }
    }
    // Batches of targets gone from the config are not kept alive by this loop.
    batches.clear();
  }
}
