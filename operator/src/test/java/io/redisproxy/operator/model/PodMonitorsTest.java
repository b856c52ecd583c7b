package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.redisproxy.operator.api.monitoring.PodMonitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodMonitorsTest {
  private static final String ON =
      """
      proxy:
        adminPort: 9200
        metrics:
          podMonitor: {enabled: true, labels: {release: prometheus, app.kubernetes.io/managed-by: me}}
      """;

  @Test
  void offUnlessTheSpecTurnsItOn() {
    assertThat(PodMonitors.wanted(Fixtures.model(Fixtures.MINIMAL_MANAGED))).isFalse();
    assertThat(
            PodMonitors.wanted(
                Fixtures.model(
                    Fixtures.MINIMAL_MANAGED + "proxy: {metrics: {podMonitor: {enabled: false}}}")))
        .isFalse();
    assertThat(PodMonitors.wanted(Fixtures.model(Fixtures.MINIMAL_MANAGED + ON))).isTrue();
  }

  @Test
  void theOperatorsDefaultAppliesWhereTheSpecSaysNothing() {
    OperatorDefaults monitoring = new OperatorDefaults("redis:7.2", "proxy:1", true);
    String off = "proxy: {metrics: {podMonitor: {enabled: false}}}";

    assertThat(PodMonitors.wanted(model(Fixtures.MINIMAL_MANAGED, monitoring))).isTrue();
    assertThat(
            PodMonitors.wanted(
                model(Fixtures.MINIMAL_MANAGED + "proxy: {metrics: {podMonitor: {}}}", monitoring)))
        .isTrue();
    assertThat(PodMonitors.wanted(model(Fixtures.MINIMAL_MANAGED + off, monitoring))).isFalse();
  }

  private static RedisProxyModel model(String spec, OperatorDefaults defaults) {
    return RedisProxyModel.of(Fixtures.resource(spec), defaults);
  }

  @Test
  void scrapesTheAdminPortOfEveryRedisPodsProxy() {
    RedisProxyModel model = Fixtures.model(Fixtures.MINIMAL_MANAGED + ON);
    PodMonitor monitor = PodMonitors.podMonitor(model);

    assertThat(monitor.getMetadata().getName()).isEqualTo("cache");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(monitor.getMetadata().getLabels())
        .containsEntry("release", "prometheus")
        .as("the operator's informer finds it by its own labels")
        .containsEntry("app.kubernetes.io/managed-by", "redis-proxy-operator");
    for (int shard = 0; shard < model.shards(); shard++) {
      assertSelects(
          monitor, RedisStatefulSets.desired(model).get(shard).getSpec().getTemplate(), 9200);
    }
    Map<String, Object> endpoint = endpoint(monitor);
    assertThat(endpoint).containsEntry("path", "/metrics").containsEntry("interval", "30s");
    assertThat(endpoint.get("relabelings"))
        .isEqualTo(
            List.of(
                Map.of(
                    "sourceLabels",
                    List.of("__meta_kubernetes_pod_label_app_kubernetes_io_instance"),
                    "targetLabel",
                    "redisproxy")));
  }

  @Test
  void scrapesTheProxyTierInFrontOfExternalUpstreams() {
    RedisProxyModel model =
        Fixtures.model(
            Fixtures.MINIMAL_EXTERNAL
                + "proxy: {metrics: {podMonitor: {enabled: true, interval: 10s}}}");
    PodMonitor monitor = PodMonitors.podMonitor(model);

    assertSelects(monitor, ProxyDeployments.desired(model).getSpec().getTemplate(), 9121);
    assertThat(endpoint(monitor)).containsEntry("interval", "10s");
  }

  /** The monitor's selector picks the pods of {@code template}, whose admin port it scrapes. */
  @SuppressWarnings("unchecked")
  private static void assertSelects(PodMonitor monitor, PodTemplateSpec template, int adminPort) {
    Map<String, String> matchLabels =
        (Map<String, String>)
            ((Map<String, Object>) monitor.getSpec().get("selector")).get("matchLabels");
    assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(matchLabels);
    String port = (String) endpoint(monitor).get("port");
    List<ContainerPort> ports =
        template.getSpec().getContainers().stream()
            .flatMap(c -> c.getPorts().stream())
            .filter(p -> port.equals(p.getName()))
            .toList();
    assertThat(ports)
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(adminPort));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> endpoint(PodMonitor monitor) {
    return ((List<Map<String, Object>>) monitor.getSpec().get("podMetricsEndpoints")).get(0);
  }
}
