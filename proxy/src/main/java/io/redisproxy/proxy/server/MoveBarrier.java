package io.redisproxy.proxy.server;

import io.netty.util.concurrent.EventExecutor;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether every request this proxy sent upstream before a key move began has been answered. Until
 * then a request sent by the previous shard list may still run on a key's previous shard, so no key
 * may move yet: a write that lands there after its key left would be overwritten by the moved copy.
 * The pooled connections owe their part ({@link #arm}); the connections of a client's own (a
 * WATCH's, a tracking client's, a blocked command's) each hold the barrier until theirs is answered
 * ({@link #hold}).
 */
final class MoveBarrier {
  private static final MoveBarrier PASSED = new MoveBarrier(0);

  private final AtomicInteger owed;

  private MoveBarrier(int owed) {
    this.owed = new AtomicInteger(owed);
  }

  /** A barrier with nothing before it: a proxy that starts during a move has sent nothing. */
  static MoveBarrier passed() {
    return PASSED;
  }

  /** A barrier that {@link #arm} sets behind what is owed at that time; not passed before. */
  static MoveBarrier unarmed() {
    return new MoveBarrier(1);
  }

  /** Puts this barrier behind every request the loops' connections owe replies for now. */
  void arm(Map<EventExecutor, UpstreamRegistry> registries) {
    owed.addAndGet(registries.size());
    for (Map.Entry<EventExecutor, UpstreamRegistry> entry : registries.entrySet()) {
      entry.getKey().execute(() -> entry.getValue().afterEarlierReplies(this::countDown));
    }
    countDown();
  }

  /**
   * Keeps this barrier from passing until the returned task runs (once; later runs do nothing).
   * Only before {@link #arm} ends, or from a task that itself holds the barrier.
   */
  Runnable hold() {
    owed.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        countDown();
      }
    };
  }

  private void countDown() {
    owed.decrementAndGet();
  }

  boolean passedNow() {
    return owed.get() <= 0;
  }
}
