package io.redisproxy.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one command name: calls, errors and latency. Recording takes no lock and allocates
 * nothing, so it is safe on an event loop for every request.
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

  private final Counter calls;
  private final Counter errors;
  private final Timer duration;

  CommandMetrics(MeterRegistry registry, String command) {
    calls =
        Counter.builder("redisproxy.commands")
            .description("Commands answered, by command name")
            .tag("command", command)
            .register(registry);
    errors =
        Counter.builder("redisproxy.command.errors")
            .description("Commands answered with an error, by command name")
            .tag("command", command)
            .register(registry);
    duration =
        Timer.builder("redisproxy.command.duration")
            .description("Time from a complete request to its reply, by command name")
            .tag("command", command)
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
  }

  /** Records one answered command that took {@code nanos}; {@code error} if it failed. */
  public void record(long nanos, boolean error) {
    calls.increment();
    if (error) {
      errors.increment();
    }
    duration.record(nanos, TimeUnit.NANOSECONDS);
  }
}
