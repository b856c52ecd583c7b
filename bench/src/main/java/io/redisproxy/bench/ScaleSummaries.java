package io.redisproxy.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The report's sections on scale: p99 latency with many clients against the direct server's, 1 MiB
 * values, and memory with many idle clients.
 */
final class ScaleSummaries {
  /** The proxy's resident memory allowed with the idle clients connected, in MB. */
  static final double IDLE_PROXY_RSS_TARGET_MB = 150;

  private ScaleSummaries() {}

  /**
   * For each SET and GET run with many clients: every target's p99, the growth from the standard
   * client count (where that ran too) and the ratio to the baseline target's p99.
   */
  static String manyClients(List<ResultTable.Row> rows, int clients, int manyClients) {
    StringBuilder out = new StringBuilder();
    out.append("| test | pipeline | target | p99 ms, ")
        .append(clients)
        .append(" clients | p99 ms, ")
        .append(manyClients)
        .append(" clients | growth | p99 vs direct's | ops/s vs direct |\n");
    out.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (int pipeline : List.of(1, 16)) {
      for (String command : List.of("SET", "GET")) {
        String test = Workload.manyClientsTest(command, manyClients);
        List<ResultTable.Row> many =
            rows.stream().filter(r -> r.test().equals(test) && r.pipeline() == pipeline).toList();
        OptionalDouble baselineP99 =
            many.stream()
                .filter(r -> !r.failed())
                .findFirst()
                .map(ResultTable.Row::p99Millis)
                .orElse(OptionalDouble.empty());
        for (ResultTable.Row row : many) {
          OptionalDouble fewP99 =
              find(rows, command, pipeline, row.target())
                  .map(ResultTable.Row::p99Millis)
                  .orElse(OptionalDouble.empty());
          out.append("| ")
              .append(command)
              .append(" | ")
              .append(pipeline)
              .append(" | ")
              .append(row.target())
              .append(" | ")
              .append(MarkdownTable.format("%.3f", fewP99))
              .append(" | ")
              .append(row.failed() ? "failed" : MarkdownTable.format("%.3f", row.p99Millis()))
              .append(" | ")
              .append(MarkdownTable.format("%.2fx", Stats.ratio(row.p99Millis(), fewP99)))
              .append(" | ")
              .append(MarkdownTable.format("%.2f", Stats.ratio(row.p99Millis(), baselineP99)))
              .append(" | ")
              .append(MarkdownTable.format("%.2f", row.vsBaseline()))
              .append(" |\n");
        }
      }
    }
    return out.toString();
  }

  /**
   * SET and GET of 1 MiB values: each request carries one value, so requests per second are MiB per
   * second and CPU per request is CPU per MiB.
   */
  static String largeValues(List<ResultTable.Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| test | target | MiB/s | vs direct | CPU µs/MiB | shards CPU µs/MiB | all CPU µs/MiB |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (String command : List.of("SET", "GET")) {
      String test = Workload.largeValueTest(command);
      for (ResultTable.Row row : rows) {
        if (!row.test().equals(test)) {
          continue;
        }
        out.append("| ").append(test).append(" | ").append(row.target()).append(" | ");
        if (row.failed()) {
          out.append("failed | | | | |\n");
          continue;
        }
        out.append(MarkdownTable.format("%.1f", row.rps()))
            .append(" | ")
            .append(MarkdownTable.format("%.2f", row.vsBaseline()))
            .append(" | ")
            .append(MarkdownTable.format("%.0f", row.cpuMicros()))
            .append(" | ")
            .append(MarkdownTable.format("%.0f", row.shardsCpuMicros()))
            .append(" | ")
            .append(MarkdownTable.format("%.0f", row.allCpuMicros()))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** Resident memory before and after the idle clients, in MB (10^6 bytes). */
  static String idleClients(List<IdleResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| target | clients with PONG | RSS before MB | RSS after MB | KB per client |\n");
    out.append("|---|---:|---:|---:|---:|\n");
    for (IdleResult result : results) {
      out.append("| ")
          .append(result.target())
          .append(" | ")
          .append(result.answered())
          .append(" of ")
          .append(result.clients())
          .append(" | ")
          .append(megabytes(result.rssBeforeKib()))
          .append(" | ")
          .append(megabytes(result.rssAfterKib()))
          .append(" | ")
          .append(perClient(result))
          .append(" |\n");
    }
    for (IdleResult result : results) {
      if (!result.error().isEmpty()) {
        out.append("\n").append(result.target()).append(": ").append(result.error()).append('\n');
      }
    }
    return out.toString();
  }

  /** Whether the proxy stayed within its memory target; empty when it was not measured. */
  static Optional<Boolean> proxyWithinTarget(List<IdleResult> results, String proxy) {
    return results.stream()
        .filter(r -> r.target().equals(proxy) && r.rssAfterKib() >= 0)
        .findFirst()
        .map(
            r ->
                r.answered() == r.clients()
                    && r.rssAfterKib() * 1024 / 1e6 <= IDLE_PROXY_RSS_TARGET_MB);
  }

  private static Optional<ResultTable.Row> find(
      List<ResultTable.Row> rows, String test, int pipeline, String target) {
    return rows.stream()
        .filter(r -> r.test().equals(test) && r.pipeline() == pipeline && r.target().equals(target))
        .findFirst();
  }

  private static String megabytes(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", kib * 1024 / 1e6);
  }

  private static String perClient(IdleResult result) {
    if (result.rssBeforeKib() < 0 || result.rssAfterKib() < 0 || result.answered() == 0) {
      return "n/a";
    }
    return String.format(
        Locale.ROOT,
        "%.1f",
        (result.rssAfterKib() - result.rssBeforeKib()) * 1024 / 1e3 / result.answered());
  }
}
