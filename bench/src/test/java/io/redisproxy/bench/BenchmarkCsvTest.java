package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Samples printed by redis-benchmark 7.0.15. */
class BenchmarkCsvTest {
  private static final String HEADER =
      "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
          + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n";

  @Test
  void readsTheTestsOfOneRun() {
    String output =
        HEADER
            + "\"SET\",\"68965.52\",\"0.455\",\"0.080\",\"0.303\",\"0.823\",\"5.391\",\"5.719\"\n"
            + "\"GET\",\"86956.52\",\"0.308\",\"0.096\",\"0.303\",\"0.447\",\"0.527\",\"0.599\"\n";

    assertThat(BenchmarkCsv.parse(output))
        .containsExactly(
            new BenchmarkCsv.Line("SET", 68965.52, 0.303, 5.391),
            new BenchmarkCsv.Line("GET", 86956.52, 0.303, 0.527));
  }

  @Test
  void aCustomCommandIsNamedByItsCommandLine() {
    String output =
        HEADER
            + "\"MGET key:__rand_int__ key:__rand_int__\",\"62500.00\",\"0.497\",\"0.064\","
            + "\"0.335\",\"2.031\",\"2.223\",\"2.367\"\n";

    assertThat(BenchmarkCsv.parse(output))
        .containsExactly(
            new BenchmarkCsv.Line("MGET key:__rand_int__ key:__rand_int__", 62500.0, 0.335, 2.223));
  }

  @Test
  void skipsTheClusterPrimariesPrintedBeforeTheCsv() {
    String output =
        "Cluster has 3 master nodes:\n\n"
            + "Master 0: d3fbbb96ff19694bd1705511cbbf4934c8ba5158 127.0.0.1:27402\n"
            + "Master 1: 49347f153d6086ca6905b22f0e31555032c1a466 127.0.0.1:27403\n"
            + "Master 2: 07abbd02e87542d8466f599c9e0ff9577d182bc9 127.0.0.1:27401\n\n"
            + HEADER
            + "\"SET\",\"3984.06\",\"0.456\",\"0.048\",\"0.311\",\"1.319\",\"1.991\",\"5.831\"\n"
            + "\"GET\",\"3984.06\",\"0.331\",\"0.032\",\"0.215\",\"0.879\",\"2.847\",\"2.895\"\n";

    assertThat(BenchmarkCsv.parse(output))
        .extracting(BenchmarkCsv.Line::test)
        .containsExactly("SET", "GET");
  }

  @Test
  void aRunThatFailedBeforeItsHeaderHasNoTests() {
    assertThat(BenchmarkCsv.parse("")).isEmpty();
    assertThat(
            BenchmarkCsv.parse("Could not connect to Redis at 127.0.0.1:1: Connection refused\n"))
        .isEmpty();
  }

  @Test
  void refusesALineWithTheWrongNumberOfFields() {
    assertThatThrownBy(() -> BenchmarkCsv.parse(HEADER + "\"SET\",\"1.0\"\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 fields instead of 8");
  }
}
