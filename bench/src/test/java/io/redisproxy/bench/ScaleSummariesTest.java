package io.redisproxy.bench;

import static io.redisproxy.bench.ResultTableTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ScaleSummariesTest {
  private static final List<String> TARGETS = List.of("direct", "proxy", "twemproxy");

  private static Measurement withP99(String test, int pipeline, String target, double p99) {
    return new Measurement(
        test,
        pipeline,
        target,
        true,
        1000,
        0.5,
        p99,
        OptionalDouble.of(10),
        OptionalDouble.empty(),
        20);
  }

  @Test
  void manyClientsCompareEachP99WithItsOwnAtFewClientsAndWithDirects() {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                withP99("SET", 1, "direct", 1.0),
                withP99("SET", 1, "proxy", 1.5),
                withP99("SET 1000 clients", 1, "direct", 20.0),
                withP99("SET 1000 clients", 1, "proxy", 25.0),
                Measurement.failed("SET 1000 clients", 1, "twemproxy"),
                withP99("GET 1000 clients", 16, "direct", 40.0)),
            TARGETS);

    assertThat(ScaleSummaries.manyClients(rows, 50, 1000))
        .isEqualTo(
            "| test | pipeline | target | p99 ms, 50 clients | p99 ms, 1000 clients | growth"
                + " | p99 vs direct's | ops/s vs direct |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n"
                + "| SET | 1 | direct | 1.000 | 20.000 | 20.00x | 1.00 | 1.00 |\n"
                + "| SET | 1 | proxy | 1.500 | 25.000 | 16.67x | 1.25 | 1.00 |\n"
                + "| SET | 1 | twemproxy | n/a | failed | n/a | n/a | n/a |\n"
                + "| GET | 16 | direct | n/a | 40.000 | n/a | 1.00 | 1.00 |\n");
  }

  @Test
  void largeValuesAreReportedPerMiB() {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                ok("SET 1 MiB", 1, "direct", 1800, 600),
                ok("SET 1 MiB", 1, "proxy", 900, 1500),
                ok("SET", 1, "proxy", 60_000, 12),
                Measurement.failed("GET 1 MiB", 1, "proxy")),
            TARGETS);

    assertThat(ScaleSummaries.largeValues(rows))
        .isEqualTo(
            "| test | target | MiB/s | vs direct | CPU µs/MiB | shards CPU µs/MiB"
                + " | all CPU µs/MiB |\n"
                + "|---|---|---:|---:|---:|---:|---:|\n"
                + "| SET 1 MiB | direct | 1800.0 | 1.00 | 600 | n/a | 1200 |\n"
                + "| SET 1 MiB | proxy | 900.0 | 0.50 | 1500 | 7 | 3000 |\n"
                + "| GET 1 MiB | proxy | failed | | | | |\n");
  }

  @Test
  void idleClientsInMegabytesWithWhatWentWrong() {
    List<IdleResult> results =
        List.of(
            new IdleResult("proxy", 10_000, 10_000, 100_000, 135_000, ""),
            new IdleResult(
                "twemproxy", 10_000, 9_000, 2_000, -1, "the server closed a connection"));

    assertThat(ScaleSummaries.idleClients(results))
        .isEqualTo(
            "| target | clients with PONG | RSS before MB | RSS after MB | KB per client |\n"
                + "|---|---:|---:|---:|---:|\n"
                + "| proxy | 10000 of 10000 | 102.4 | 138.2 | 3.6 |\n"
                + "| twemproxy | 9000 of 10000 | 2.0 | n/a | n/a |\n"
                + "\ntwemproxy: the server closed a connection\n");
    assertThat(ScaleSummaries.proxyWithinTarget(results, "proxy")).contains(true);
    assertThat(
            ScaleSummaries.proxyWithinTarget(
                List.of(new IdleResult("proxy", 10, 10, 1, 150_000, "")), "proxy"))
        .contains(false);
    assertThat(ScaleSummaries.proxyWithinTarget(List.of(), "proxy")).isEmpty();
  }
}
