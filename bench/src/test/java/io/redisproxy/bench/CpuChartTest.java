package io.redisproxy.bench;

import static io.redisproxy.bench.ResultTableTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CpuChartTest {
  private static final List<String> TARGETS =
      List.of("direct", "proxy", "twemproxy", "cluster_direct");

  @Test
  void drawsOneBarPerMeasuredValueInWellFormedSvg() throws Exception {
    List<Measurement> measurements =
        List.of(
            ok("SET", 1, "direct", 65_000, 11.3),
            ok("SET", 1, "proxy", 60_000, 12.5),
            Measurement.failed("SET", 1, "twemproxy"),
            ok("MGET <100> & keys", 1, "direct", 13_000, 72),
            ok("MGET <100> & keys", 1, "proxy", 10_000, 47),
            ok("MGET <100> & keys", 1, "twemproxy", 8_500, 61.5),
            new Measurement(
                "SET cluster",
                1,
                "cluster_direct",
                true,
                61_000,
                0.5,
                3,
                OptionalDouble.empty(),
                OptionalDouble.of(20),
                30));
    List<ResultTable.Row> rows = ResultTable.summarize(measurements, TARGETS);

    Document svg = parse(CpuChart.render("CPU per request", rows, TARGETS));

    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    List<String> bars = new ArrayList<>();
    NodeList rects = svg.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      Element rect = (Element) rects.item(i);
      if (rect.getAttribute("class").equals("bar")) {
        bars.add(rect.getTextContent());
      }
    }
    assertThat(bars)
        .containsExactly(
            "direct: 11.30 µs",
            "proxy: 12.50 µs",
            "direct: 72.00 µs",
            "proxy: 47.00 µs",
            "twemproxy: 61.50 µs");
    assertThat(svg.getDocumentElement().getTextContent())
        .contains("MGET <100> & keys -P 1", "failed", "n/a");
  }

  @Test
  void eachGroupIsScaledToItsLargestValue() throws Exception {
    List<ResultTable.Row> rows =
        ResultTable.summarize(
            List.of(
                ok("GET", 16, "direct", 600_000, 1.5),
                ok("GET", 16, "proxy", 400_000, 3.0),
                ok("MGET", 1, "direct", 13_000, 80)),
            TARGETS);

    NodeList rects = parse(CpuChart.render("t", rows, TARGETS)).getElementsByTagName("rect");
    List<String> widths = new ArrayList<>();
    for (int i = 0; i < rects.getLength(); i++) {
      Element rect = (Element) rects.item(i);
      if (rect.getAttribute("class").equals("bar")) {
        widths.add(rect.getAttribute("width"));
      }
    }
    assertThat(widths).containsExactly("260.0", "520.0", "520.0");
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }
}
