package io.redisproxy.proxy.mirror;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands of one mirror target not yet acknowledged by it, bounded by count and bytes. Any
 * event loop offers; the sender's loop takes. A command counts against the bounds from its offer
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

  /**
   * Keeps as many of {@code entry}'s units as fit, from the first, and returns how many: all, in
   * one step, in the common case; the rest (none kept: the entry is not queued) the caller drops.
   */
  int offer(MirrorEntry entry) {
    int units = entry.unitsLeft();
    long size = entry.bytesLeft();
    int kept = reserve(units, size) ? units : keptOneByOne(entry);
    if (kept > 0) {
      if (kept < units) {
        entry.truncate(kept);
      }
      queue.add(entry);
    }
    return kept;
  }

  private int keptOneByOne(MirrorEntry entry) {
    int kept = 0;
    while (kept < entry.unitsLeft() && reserve(1, entry.unitBytes(kept))) {
      kept++;
    }
    return kept;
  }

  private boolean reserve(int units, long size) {
    if (commands.addAndGet(units) > maxCommands | bytes.addAndGet(size) > maxBytes) {
      commands.addAndGet(-units);
      bytes.addAndGet(-size);
      return false;
    }
    return true;
  }

  /** The oldest entry not yet taken, or null. */
  MirrorEntry poll() {
    return queue.poll();
  }

  MirrorEntry peek() {
    return queue.peek();
  }

  /**
   * The target acknowledged {@code units} commands of {@code size} bytes (or they were given up).
   */
  void done(int units, long size) {
    commands.addAndGet(-units);
    bytes.addAndGet(-size);
  }

  long commands() {
    return commands.get();
  }

  long bytes() {
    return bytes.get();
  }

  long maxCommands() {
    return maxCommands;
  }

  long maxBytes() {
    return maxBytes;
  }
}
