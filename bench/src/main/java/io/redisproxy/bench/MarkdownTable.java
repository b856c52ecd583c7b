package io.redisproxy.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Renders the rows of medians as the Markdown table the README shows. */
final class MarkdownTable {
  private MarkdownTable() {}

  static String render(List<ResultTable.Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| test | pipeline | target | ops/s | p50 ms | p99 ms | vs direct | CPU µs/req"
            + " | shards CPU µs/req | all CPU µs/req |\n");
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ResultTable.Row row : rows) {
      String lead = "| " + row.test() + " | " + row.pipeline() + " | " + row.target() + " | ";
      if (row.failed()) {
        out.append(lead).append("failed | | | | | | |\n");
        continue;
      }
      String ratio = format("%.2f", row.vsBaseline());
      if (row.okRuns() < row.runs()) {
        ratio += " (" + row.okRuns() + "/" + row.runs() + " runs ok)";
      }
      out.append(lead)
          .append(format("%.0f", row.rps()))
          .append(" | ")
          .append(format("%.3f", row.p50Millis()))
          .append(" | ")
          .append(format("%.3f", row.p99Millis()))
          .append(" | ")
          .append(ratio)
          .append(" | ")
          .append(format("%.2f", row.cpuMicros()))
          .append(" | ")
          .append(format("%.2f", row.shardsCpuMicros()))
          .append(" | ")
          .append(format("%.2f", row.allCpuMicros()))
          .append(" |\n");
    }
    return out.toString();
  }

  static String format(String pattern, OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, pattern, value.getAsDouble()) : "n/a";
  }
}
