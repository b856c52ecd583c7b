package io.redisproxy.proxy.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one command name: calls, errors and latency in fixed buckets. Recording takes no
 * lock, reads no clock and allocates nothing: one bucket increment and one addition per request (a
 * general-purpose timer spent a tenth of a pipelined GET's proxy CPU on time windows and their
 * clock reads). {@link CommandMeters} exports them.
 */
public final class CommandMetrics {
  /**
   * Fixed buckets from a cached single-key read on loopback (tens of microseconds) to a slow
   * cross-region call; no client-side percentiles, so a scrape stays small and recording cheap.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500)
  };

  private static final long[] BOUNDS_NANOS = new long[LATENCY_BUCKETS.length];

  static {
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      BOUNDS_NANOS[i] = LATENCY_BUCKETS[i].toNanos();
    }
  }

  private final String command;
  // Not cumulative: entry i counts latencies above bound i - 1 and at most bound i; the last, +Inf.
  private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS_NANOS.length + 1);
  private final LongAdder totalNanos = new LongAdder();
  private final LongAdder errors = new LongAdder();

  CommandMetrics(String command) {
    this.command = command;
  }

  /** Records one answered command that took {@code nanos}; {@code error} if it failed. */
  public void record(long nanos, boolean error) {
    long latency = Math.max(nanos, 0);
    int bucket = 0;
    while (bucket < BOUNDS_NANOS.length && latency > BOUNDS_NANOS[bucket]) {
      bucket++;
    }
    buckets.incrementAndGet(bucket);
    totalNanos.add(latency);
    if (error) {
      errors.increment();
    }
  }

  String command() {
    return command;
  }

  /** The count of each bucket now, not cumulative, the +Inf bucket last. */
  long[] bucketCounts() {
    long[] counts = new long[buckets.length()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = buckets.get(i);
    }
    return counts;
  }

  long totalNanos() {
    return totalNanos.sum();
  }

  long errors() {
    return errors.sum();
  }
}
