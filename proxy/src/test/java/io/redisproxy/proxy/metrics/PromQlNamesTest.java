package io.redisproxy.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void findsTheMetricsButNotFunctionsLabelsOrLiterals() {
    assertThat(
            PromQlNames.of(
                "histogram_quantile(0.99, sum by (command, le)"
                    + " (rate(redisproxy_command_duration_seconds_bucket{namespace=~\"$namespace\","
                    + " command!=\"a_b\"}[$__rate_interval])))"))
        .containsExactly("redisproxy_command_duration_seconds_bucket");
  }

  @Test
  void findsBothSidesOfABinaryOperation() {
    assertThat(
            PromQlNames.of(
                "max by (mirror) (redisproxy_mirror_buffered_commands / on (mirror)"
                    + " group_left redisproxy_mirror_buffer_limit_commands) > 0.8\n"
                    + "  or sum(increase(redisproxy_mirror_dropped_total[5m] offset 1m)) > 1e3"))
        .containsExactly(
            "redisproxy_mirror_buffer_limit_commands",
            "redisproxy_mirror_buffered_commands",
            "redisproxy_mirror_dropped_total");
  }

  @Test
  void findsANameThatIsNotTheProxys() {
    assertThat(PromQlNames.of("sum(up{job=\"x\"}) - count(kube_pod_status_ready)"))
        .containsExactly("kube_pod_status_ready", "up");
  }

  @Test
  void readsTheMetricOfAGrafanaLabelValuesQuery() {
    assertThat(
            PromQlNames.of("label_values(redisproxy_ready{namespace=~\"$namespace\"}, redisproxy)"))
        .containsExactly("redisproxy_ready");
  }
}
