package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses what {@code redis-benchmark --csv} (Redis 7) prints: a header line, then one line per test
 * with its name, requests per second and latencies in milliseconds, every field quoted. With {@code
 * --cluster} it first prints the cluster's primaries; lines before the header are skipped.
 */
final class BenchmarkCsv {
  static final String HEADER =
      "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
          + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"";

  /** One test's line: its name as redis-benchmark prints it, and the figures the report uses. */
  record Line(String test, double rps, double p50Millis, double p99Millis) {}

  private BenchmarkCsv() {}

  /** The test lines after the header; none when there is no header (the run failed early). */
  static List<Line> parse(String output) {
    List<Line> lines = new ArrayList<>();
    boolean headerSeen = false;
    for (String raw : output.split("\r?\n")) {
      String line = raw.strip();
      if (!headerSeen) {
        headerSeen = line.equals(HEADER);
        continue;
      }
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = fields(line);
      if (fields.size() != 8) {
        throw new IllegalArgumentException(
            "a redis-benchmark CSV line with " + fields.size() + " fields instead of 8: " + line);
      }
      lines.add(
          new Line(
              fields.get(0),
              Double.parseDouble(fields.get(1)),
              Double.parseDouble(fields.get(4)),
              Double.parseDouble(fields.get(6))));
    }
    return lines;
  }

  /** The fields of one line: quoted, a quote inside a field doubled. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
