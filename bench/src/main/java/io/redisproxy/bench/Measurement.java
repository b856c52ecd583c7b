package io.redisproxy.bench;

import java.util.OptionalDouble;

/**
 * One test of one redis-benchmark run against one target. CPU figures are microseconds per request:
 * {@code cpuMicros} of the target's own process (empty when it has none, as a cluster-aware
 * client), {@code shardsCpuMicros} of the redis-servers behind it (empty when there are none),
 * {@code allCpuMicros} of those and the load generator together.
 */
record Measurement(
    String test,
    int pipeline,
    String target,
    boolean ok,
    double rps,
    double p50Millis,
    double p99Millis,
    OptionalDouble cpuMicros,
    OptionalDouble shardsCpuMicros,
    double allCpuMicros) {

  /** A run that failed: it counts as a run of the target but adds no figures. */
  static Measurement failed(String test, int pipeline, String target) {
    return new Measurement(
        test, pipeline, target, false, 0, 0, 0, OptionalDouble.empty(), OptionalDouble.empty(), 0);
  }
}
