package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  void sumsAMeterOverItsSeries() {
    String text =
        "# HELP redisproxy_mirror_mirrored_total Writes mirrored\n"
            + "# TYPE redisproxy_mirror_mirrored_total counter\n"
            + "redisproxy_mirror_mirrored_total{route=\"\",upstream=\"west\"} 27509.0\n"
            + "redisproxy_mirror_mirrored_total{route=\"a\",upstream=\"east\"} 1.0\n"
            + "redisproxy_mirror_mirrored_totally_different 5.0\n"
            + "redisproxy_mirror_dropped_total{route=\"\",upstream=\"west\"} 0.0\n";

    assertThat(PrometheusText.sum(text, "redisproxy_mirror_mirrored_total")).isEqualTo(27510);
    assertThat(PrometheusText.sum(text, "redisproxy_mirror_dropped_total")).isZero();
    assertThat(PrometheusText.sum(text, "redisproxy_absent_total")).isZero();
  }
}
