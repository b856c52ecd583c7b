package io.redisproxy.proxy.route;

/**
 * Recent replication offsets of one primary with the times they were seen, to turn a replica's
 * offset into how long ago the primary was there: its lag in seconds. Offsets only grow, so only
 * samples that moved are kept; an idle primary keeps its last write's time for as long as it idles.
 * Used by one thread.
 */
final class OffsetHistory {
  private final long[] nanos;
  private final long[] offsets;
  private int start;
  private int size;

  OffsetHistory(int capacity) {
    nanos = new long[capacity];
    offsets = new long[capacity];
  }

  /** Records that the primary was at {@code offset} at {@code now}. */
  void record(long now, long offset) {
    if (size > 0) {
      long last = offsets[index(size - 1)];
      if (offset == last) {
        return;
      }
      if (offset < last) {
        // A restarted primary counts from zero again; older samples say nothing about it.
        size = 0;
      }
    }
    if (size == nanos.length) {
      start = index(1);
      size--;
    }
    nanos[index(size)] = now;
    offsets[index(size)] = offset;
    size++;
  }

  /**
   * How long, at {@code now}, a replica at {@code replicaOffset} has been missing data: the time
   * since the first sample that was past its offset. A lower bound, precise to one sampling
   * interval; 0 when the replica has everything sampled so far.
   */
  long lagNanos(long replicaOffset, long now) {
    for (int i = 0; i < size; i++) {
      if (offsets[index(i)] > replicaOffset) {
        return Math.max(0, now - nanos[index(i)]);
      }
    }
    return 0;
  }

  private int index(int i) {
    return (start + i) % nanos.length;
  }
}
