package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG chart of the CPU per request of each target's own process: one group of bars per test,
 * each group on its own scale, since a pipelined GET costs a hundredth of an MGET of 100 keys. A
 * target without the figure (failed, or a cluster-aware client with no process) gets no bar.
 */
final class CpuChart {
  private static final int WIDTH = 760;
  private static final int LABEL_WIDTH = 130;
  private static final int BAR_AREA = 520;
  private static final int BAR_HEIGHT = 16;
  private static final int BAR_GAP = 4;
  private static final int GROUP_TITLE = 26;
  private static final int GROUP_GAP = 14;
  private static final int TOP = 44;
  private static final String[] COLORS = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"
  };

  private CpuChart() {}

  static String render(String title, List<ResultTable.Row> rows, List<String> targets) {
    Map<String, List<ResultTable.Row>> groups = new LinkedHashMap<>();
    for (ResultTable.Row row : rows) {
      groups.computeIfAbsent(row.test() + " -P " + row.pipeline(), k -> new ArrayList<>()).add(row);
    }
    StringBuilder body = new StringBuilder();
    int y = TOP;
    for (Map.Entry<String, List<ResultTable.Row>> group : groups.entrySet()) {
      y = group(body, group.getKey(), group.getValue(), targets, y);
    }
    int height = y + GROUP_GAP;
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + WIDTH
        + "\" height=\""
        + height
        + "\" viewBox=\"0 0 "
        + WIDTH
        + " "
        + height
        + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        + "<text x=\"10\" y=\"24\" font-size=\"15\" font-weight=\"bold\">"
        + escape(title)
        + "</text>\n"
        + body
        + "</svg>\n";
  }

  /** One test's bars, from Y down; returns where the next group starts. */
  private static int group(
      StringBuilder out, String name, List<ResultTable.Row> rows, List<String> targets, int y) {
    out.append("<g>\n");
    out.append("<text x=\"10\" y=\"")
        .append(y + 16)
        .append("\" font-weight=\"bold\">")
        .append(escape(name + " (CPU µs/req)"))
        .append("</text>\n");
    double max = 0;
    for (ResultTable.Row row : rows) {
      max = Math.max(max, row.cpuMicros().orElse(0));
    }
    int barY = y + GROUP_TITLE;
    for (ResultTable.Row row : rows) {
      out.append("<text x=\"")
          .append(LABEL_WIDTH - 8)
          .append("\" y=\"")
          .append(barY + BAR_HEIGHT - 4)
          .append("\" text-anchor=\"end\">")
          .append(escape(row.target()))
          .append("</text>\n");
      if (row.cpuMicros().isPresent()) {
        double value = row.cpuMicros().getAsDouble();
        double width = max > 0 ? value / max * BAR_AREA : 0;
        out.append("<rect class=\"bar\" x=\"")
            .append(LABEL_WIDTH)
            .append("\" y=\"")
            .append(barY)
            .append("\" width=\"")
            .append(String.format(Locale.ROOT, "%.1f", width))
            .append("\" height=\"")
            .append(BAR_HEIGHT)
            .append("\" fill=\"")
            .append(color(row.target(), targets))
            .append("\"><title>")
            .append(escape(row.target() + ": " + format(value) + " µs"))
            .append("</title></rect>\n");
        out.append("<text x=\"")
            .append(String.format(Locale.ROOT, "%.1f", LABEL_WIDTH + width + 6))
            .append("\" y=\"")
            .append(barY + BAR_HEIGHT - 4)
            .append("\">")
            .append(format(value))
            .append("</text>\n");
      } else {
        out.append("<text x=\"")
            .append(LABEL_WIDTH + 6)
            .append("\" y=\"")
            .append(barY + BAR_HEIGHT - 4)
            .append("\" fill=\"#777\">")
            .append(row.failed() ? "failed" : "n/a")
            .append("</text>\n");
      }
      barY += BAR_HEIGHT + BAR_GAP;
    }
    out.append("</g>\n");
    return barY + GROUP_GAP;
  }

  private static String color(String target, List<String> targets) {
    int index = targets.indexOf(target);
    return COLORS[Math.floorMod(index, COLORS.length)];
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
