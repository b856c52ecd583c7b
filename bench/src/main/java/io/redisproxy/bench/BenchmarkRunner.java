package io.redisproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs redis-benchmark once against a target and measures the CPU time spent meanwhile by the
 * target's process, the redis-servers behind it and redis-benchmark itself. A failed run is
 * recorded as failed for each of its tests and its output kept, so one broken target spoils no
 * other.
 */
final class BenchmarkRunner {
  private static final int TIMED_OUT = 124;

  private final Processes processes;
  private final long ticksPerSecond;
  private final Duration timeout;
  private int runCount;
  private int failures;

  BenchmarkRunner(Processes processes, long ticksPerSecond, Duration timeout) {
    this.processes = processes;
    this.ticksPerSecond = ticksPerSecond;
    this.timeout = timeout;
  }

  /** Runs that failed so far. */
  int failures() {
    return failures;
  }

  List<Measurement> run(Target target, Run run) {
    Path base =
        processes
            .workDir()
            .resolve("run-" + ++runCount + "-" + target.name() + "-P" + run.pipeline());
    Path csv = Path.of(base + ".csv");
    Path err = Path.of(base + ".err");
    long ownBefore = target.pid().isPresent() ? ProcessCpu.ticks(target.pid().getAsLong()) : -1;
    long shardsBefore = ProcessCpu.ticks(target.shardPids());
    long servingBefore = ProcessCpu.ticks(target.servingPids());
    long generatorBefore = ProcessCpu.reapedChildrenTicks();
    int status = runBenchmark(target, run, csv, err);
    long generatorAfter = ProcessCpu.reapedChildrenTicks();
    long servingAfter = ProcessCpu.ticks(target.servingPids());
    long shardsAfter = ProcessCpu.ticks(target.shardPids());
    long ownAfter = target.pid().isPresent() ? ProcessCpu.ticks(target.pid().getAsLong()) : -1;

    List<BenchmarkCsv.Line> lines;
    try {
      lines = BenchmarkCsv.parse(Files.readString(csv));
    } catch (IOException | IllegalArgumentException e) {
      lines = List.of();
    }
    // redis-benchmark exits 1 on the first error reply.
    if (status != 0 || lines.size() != run.tests().size()) {
      failures++;
      String reason = reason(err);
      if (status == TIMED_OUT) {
        reason = "timed out after " + timeout.toSeconds() + " s. " + reason;
      }
      Log.info(
          "FAILED: "
              + String.join(",", run.tests())
              + " -P "
              + run.pipeline()
              + " against "
              + target.name()
              + " (exit "
              + status
              + "): "
              + reason);
      return run.tests().stream()
          .map(test -> Measurement.failed(test, run.pipeline(), target.name()))
          .toList();
    }
    long requests = run.totalRequests();
    OptionalDouble cpu =
        ownBefore >= 0 && ownAfter >= 0
            ? OptionalDouble.of(
                Stats.microsPerRequest(ownAfter - ownBefore, ticksPerSecond, requests))
            : OptionalDouble.empty();
    OptionalDouble shards =
        target.shardPids().isEmpty()
            ? OptionalDouble.empty()
            : OptionalDouble.of(
                Stats.microsPerRequest(shardsAfter - shardsBefore, ticksPerSecond, requests));
    double all =
        Stats.microsPerRequest(
            servingAfter - servingBefore + generatorAfter - generatorBefore,
            ticksPerSecond,
            requests);
    List<Measurement> measurements = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      BenchmarkCsv.Line line = lines.get(i);
      measurements.add(
          new Measurement(
              run.tests().get(i),
              run.pipeline(),
              target.name(),
              true,
              line.rps(),
              line.p50Millis(),
              line.p99Millis(),
              cpu,
              shards,
              all));
    }
    return measurements;
  }

  private int runBenchmark(Target target, Run run, Path csv, Path err) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-benchmark",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(target.port()),
                "-c",
                Integer.toString(run.clients()),
                "-r",
                Integer.toString(run.keyspace()),
                "-d",
                Integer.toString(run.valueSize()),
                "-P",
                Integer.toString(run.pipeline()),
                "-n",
                Long.toString(run.requests()),
                "--csv"));
    if (target.clusterAware()) {
      command.add("--cluster");
    }
    command.addAll(run.testArgs());
    Process process =
        processes.start(
            new ProcessBuilder(command)
                .redirectOutput(csv.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        Processes.stop(process, Duration.ofSeconds(5));
        return TIMED_OUT;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Processes.stop(process, Duration.ofSeconds(5));
      throw new IllegalStateException("interrupted while redis-benchmark ran", e);
    }
  }

  /** The start of redis-benchmark's error output, for the log. */
  private static String reason(Path err) {
    try {
      // Proxies reject CONFIG GET, which redis-benchmark only uses to print a harmless warning.
      String text =
          Files.readAllLines(err).stream()
              .filter(line -> !line.contains("Could not fetch server CONFIG"))
              .collect(Collectors.joining("\n"));
      return text.length() > 300 ? text.substring(0, 300) : text;
    } catch (IOException e) {
      return "";
    }
  }
}
