package io.redisproxy.proxy.mirror;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands of one mirror target not yet acknowledged by it, bounded by count and bytes. Any
 * event loop offers; the sender's loop takes. An entry counts against the bounds from its offer
 * until the target acknowledges it, so commands in flight on a connection that breaks still fit
 * when they are replayed.
 */
final class ReplayBuffer {
  private final ConcurrentLinkedQueue<MirrorEntry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong commands = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long maxCommands;
  private volatile long maxBytes;

  ReplayBuffer(long maxCommands, long maxBytes) {
    bounds(maxCommands, maxBytes);
  }

  void bounds(long maxCommands, long maxBytes) {
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
  }

  /** Keeps {@code entry}; false, keeping nothing, when that would pass a bound. */
  boolean offer(MirrorEntry entry) {
    int size = entry.size();
    if (commands.incrementAndGet() > maxCommands | bytes.addAndGet(size) > maxBytes) {
      commands.decrementAndGet();
      bytes.addAndGet(-size);
      return false;
    }
    queue.add(entry);
    return true;
  }

  /** The oldest entry not yet taken, or null. */
  MirrorEntry poll() {
    return queue.poll();
  }

  MirrorEntry peek() {
    return queue.peek();
  }

  /** The target acknowledged {@code entry} (or it was given up): it no longer counts. */
  void done(MirrorEntry entry) {
    commands.decrementAndGet();
    bytes.addAndGet(-entry.size());
  }

  long commands() {
    return commands.get();
  }

  long bytes() {
    return bytes.get();
  }
}
