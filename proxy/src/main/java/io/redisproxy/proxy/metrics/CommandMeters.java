package io.redisproxy.proxy.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;

/**
 * Exports every command's {@link CommandMetrics} at a scrape: calls and errors as counters, latency
 * as a classic histogram in seconds.
 */
final class CommandMeters implements MultiCollector {
  private static final double[] UPPER_BOUNDS_SECONDS = upperBounds();

  private final Collection<CommandMetrics> commands;

  /** Exports {@code commands} as they are at each scrape (a live view). */
  CommandMeters(Collection<CommandMetrics> commands) {
    this.commands = commands;
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder calls =
        CounterSnapshot.builder()
            .name("redisproxy_commands")
            .help("Commands answered, by command name");
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder()
            .name("redisproxy_command_errors")
            .help("Commands answered with an error, by command name");
    HistogramSnapshot.Builder duration =
        HistogramSnapshot.builder()
            .name("redisproxy_command_duration_seconds")
            .help("Time from a complete request to its reply, by command name")
            .unit(Unit.SECONDS);
    for (CommandMetrics command : commands) {
      Labels labels = Labels.of("command", command.command());
      long[] counts = command.bucketCounts();
      long count = 0;
      for (long bucket : counts) {
        count += bucket;
      }
      calls.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(count).build());
      errors.dataPoint(
          CounterDataPointSnapshot.builder().labels(labels).value(command.errors()).build());
      duration.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(labels)
              .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, counts))
              .sum(command.totalNanos() / 1e9)
              .build());
    }
    return MetricSnapshots.of(calls.build(), errors.build(), duration.build());
  }

  private static double[] upperBounds() {
    double[] bounds = new double[CommandMetrics.LATENCY_BUCKETS.length + 1];
    for (int i = 0; i < CommandMetrics.LATENCY_BUCKETS.length; i++) {
      bounds[i] = CommandMetrics.LATENCY_BUCKETS[i].toNanos() / 1e9;
    }
    bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
    return bounds;
  }
}
