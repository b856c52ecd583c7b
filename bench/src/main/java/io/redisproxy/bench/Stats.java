package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/** The arithmetic of the report: medians of rounds, CPU per request, ratios. */
final class Stats {
  private Stats() {}

  /** The median; of an even count, the mean of the middle two. Empty for no values. */
  static OptionalDouble median(List<Double> values) {
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    if (sorted.size() % 2 == 1) {
      return OptionalDouble.of(sorted.get(middle));
    }
    return OptionalDouble.of((sorted.get(middle - 1) + sorted.get(middle)) / 2);
  }

  /** Microseconds of CPU per request, from the clock ticks used over that many requests. */
  static double microsPerRequest(long ticks, long ticksPerSecond, long requests) {
    if (ticksPerSecond <= 0 || requests <= 0) {
      throw new IllegalArgumentException(
          "ticks per second and requests must be positive: " + ticksPerSecond + ", " + requests);
    }
    return ticks * 1e6 / ticksPerSecond / requests;
  }

  /** value / baseline, empty when there is no baseline to compare with. */
  static OptionalDouble ratio(OptionalDouble value, OptionalDouble baseline) {
    if (value.isEmpty() || baseline.isEmpty() || baseline.getAsDouble() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value.getAsDouble() / baseline.getAsDouble());
  }
}
