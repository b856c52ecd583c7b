package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/** Medians over the rounds, one row per test, pipeline depth and target. */
final class ResultTable {

  /**
   * The medians of one target's runs of one test; empty figures where no run succeeded or the
   * figure was not measured. {@code vsBaseline} is the throughput over that of the test's first
   * target with a successful run (direct, or the cluster-aware client).
   */
  record Row(
      String test,
      int pipeline,
      String target,
      int runs,
      int okRuns,
      OptionalDouble rps,
      OptionalDouble p50Millis,
      OptionalDouble p99Millis,
      OptionalDouble vsBaseline,
      OptionalDouble cpuMicros,
      OptionalDouble shardsCpuMicros,
      OptionalDouble allCpuMicros) {

    boolean failed() {
      return okRuns == 0;
    }
  }

  private ResultTable() {}

  /** Tests in the order they first ran, each test's targets in {@code targets} order. */
  static List<Row> summarize(List<Measurement> measurements, List<String> targets) {
    Map<String, List<Measurement>> byTest = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byTest.computeIfAbsent(m.test() + "\0" + m.pipeline(), k -> new ArrayList<>()).add(m);
    }
    List<Row> rows = new ArrayList<>();
    for (List<Measurement> ofTest : byTest.values()) {
      List<Row> testRows = new ArrayList<>();
      OptionalDouble baseline = OptionalDouble.empty();
      for (String target : targets) {
        List<Measurement> runs = ofTest.stream().filter(m -> m.target().equals(target)).toList();
        if (runs.isEmpty()) {
          continue;
        }
        List<Measurement> ok = runs.stream().filter(Measurement::ok).toList();
        OptionalDouble rps = median(ok, m -> OptionalDouble.of(m.rps()));
        if (baseline.isEmpty()) {
          baseline = rps;
        }
        testRows.add(
            new Row(
                runs.get(0).test(),
                runs.get(0).pipeline(),
                target,
                runs.size(),
                ok.size(),
                rps,
                median(ok, m -> OptionalDouble.of(m.p50Millis())),
                median(ok, m -> OptionalDouble.of(m.p99Millis())),
                OptionalDouble.empty(),
                median(ok, Measurement::cpuMicros),
                median(ok, Measurement::shardsCpuMicros),
                median(ok, m -> OptionalDouble.of(m.allCpuMicros()))));
      }
      for (Row row : testRows) {
        rows.add(withRatio(row, Stats.ratio(row.rps(), baseline)));
      }
    }
    return rows;
  }

  private static Row withRatio(Row row, OptionalDouble ratio) {
    return new Row(
        row.test(),
        row.pipeline(),
        row.target(),
        row.runs(),
        row.okRuns(),
        row.rps(),
        row.p50Millis(),
        row.p99Millis(),
        ratio,
        row.cpuMicros(),
        row.shardsCpuMicros(),
        row.allCpuMicros());
  }

  private static OptionalDouble median(
      List<Measurement> runs, Function<Measurement, OptionalDouble> figure) {
    List<Double> values = new ArrayList<>();
    for (Measurement m : runs) {
      OptionalDouble value = figure.apply(m);
      if (value.isPresent()) {
        values.add(value.getAsDouble());
      }
    }
    return Stats.median(values);
  }
}
