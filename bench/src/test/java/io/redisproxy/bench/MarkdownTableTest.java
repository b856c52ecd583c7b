package io.redisproxy.bench;

import static io.redisproxy.bench.ResultTableTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {
  @Test
  void rendersMediansAFailedTargetAndPartlyFailedRuns() {
    List<Measurement> measurements =
        List.of(
            ok("SET", 1, "direct", 65402.41, 11.3),
            ok("SET", 1, "proxy", 60496.0, 12.5),
            Measurement.failed("SET", 1, "twemproxy"),
            ok("GET", 16, "direct", 640000, 1.56),
            ok("GET", 16, "proxy", 436300, 1.42),
            Measurement.failed("GET", 16, "proxy"));

    String table =
        MarkdownTable.render(
            ResultTable.summarize(measurements, List.of("direct", "proxy", "twemproxy")));

    assertThat(table)
        .isEqualTo(
            "| test | pipeline | target | ops/s | p50 ms | p99 ms | vs direct | CPU µs/req |"
                + " shards CPU µs/req | all CPU µs/req |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n"
                + "| SET | 1 | direct | 65402 | 0.400 | 0.900 | 1.00 | 11.30 | n/a | 22.60 |\n"
                + "| SET | 1 | proxy | 60496 | 0.400 | 0.900 | 0.92 | 12.50 | 6.50 | 25.00 |\n"
                + "| SET | 1 | twemproxy | failed | | | | | | |\n"
                + "| GET | 16 | direct | 640000 | 0.400 | 0.900 | 1.00 | 1.56 | n/a | 3.12 |\n"
                + "| GET | 16 | proxy | 436300 | 0.400 | 0.900 | 0.68 (1/2 runs ok) | 1.42 | 6.50 |"
                + " 2.84 |\n");
  }
}
