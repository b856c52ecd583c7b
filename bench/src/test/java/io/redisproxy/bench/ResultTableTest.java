package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  private static final List<String> TARGETS = List.of("direct", "proxy", "twemproxy");

  static Measurement ok(String test, int pipeline, String target, double rps, double cpu) {
    return new Measurement(
        test,
        pipeline,
        target,
        true,
        rps,
        0.4,
        0.9,
        OptionalDouble.of(cpu),
        target.equals("direct") ? OptionalDouble.empty() : OptionalDouble.of(6.5),
        2 * cpu);
  }

  @Test
  void mediansOfTheRoundsWithTheRatioToTheFirstTarget() {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                ok("SET", 1, "proxy", 60_000, 12.0),
                ok("SET", 1, "direct", 80_000, 10.0),
                ok("SET", 1, "proxy", 64_000, 13.0),
                ok("SET", 1, "direct", 40_000, 11.0),
                ok("SET", 1, "direct", 100_000, 12.0)),
            TARGETS);

    assertThat(rows).extracting(ResultTable.Row::target).containsExactly("direct", "proxy");
    ResultTable.Row direct = rows.get(0);
    ResultTable.Row proxy = rows.get(1);
    assertThat(direct.rps()).hasValue(80_000);
    assertThat(direct.cpuMicros()).hasValue(11.0);
    assertThat(direct.shardsCpuMicros()).isEmpty();
    assertThat(proxy.rps()).hasValue(62_000);
    assertThat(proxy.cpuMicros()).hasValue(12.5);
    assertThat(proxy.vsBaseline()).hasValue(62_000.0 / 80_000);
  }

  @Test
  void testsKeepTheOrderTheyRanIn() {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                ok("GET", 16, "direct", 1, 1),
                ok("SET", 1, "direct", 1, 1),
                ok("GET", 1, "direct", 1, 1)),
            TARGETS);

    assertThat(rows)
        .extracting(row -> row.test() + " -P " + row.pipeline())
        .containsExactly("GET -P 16", "SET -P 1", "GET -P 1");
  }

  @Test
  void aFailedBaselineLeavesTheNextTargetAsTheBaseline() {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                Measurement.failed("GET", 1, "direct"),
                ok("GET", 1, "proxy", 50_000, 12),
                ok("GET", 1, "twemproxy", 40_000, 14)),
            TARGETS);

    assertThat(rows.get(0).failed()).isTrue();
    assertThat(rows.get(1).vsBaseline()).hasValue(1.0);
    assertThat(rows.get(2).vsBaseline()).hasValue(0.8);
  }

  @Test
  void failedRunsCountAsRunsButAddNoFigures() {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                ok("GET", 1, "proxy", 50_000, 12),
                Measurement.failed("GET", 1, "proxy"),
                ok("GET", 1, "proxy", 70_000, 14)),
            TARGETS);

    assertThat(rows.get(0).runs()).isEqualTo(3);
    assertThat(rows.get(0).okRuns()).isEqualTo(2);
    assertThat(rows.get(0).rps()).hasValue(60_000);
  }
}
