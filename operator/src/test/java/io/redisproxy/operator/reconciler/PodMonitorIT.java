package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.redisproxy.operator.api.monitoring.PodMonitor;
import io.redisproxy.operator.api.v1alpha1.MetricsSpec;
import io.redisproxy.operator.api.v1alpha1.Phase;
import io.redisproxy.operator.api.v1alpha1.PodMonitorSpec;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PodMonitor against an API mock that first lacks the Prometheus Operator's CRDs and then gets
 * them, as a cluster does when the Prometheus Operator is installed after this operator.
 */
@EnableKubernetesMockClient(crud = true)
class PodMonitorIT {
  private static final String NAMESPACE = "metrics";
  private static final Duration SETTLE = Duration.ofSeconds(15);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final String EXTERNAL =
      """
      upstreams: [{name: eu, shards: [{primary: 'eu.example:6379'}]}]
      proxy:
        metrics:
          podMonitor: {enabled: true, interval: 15s, labels: {release: prometheus}}
      """;

  static KubernetesClient client;
  private static Operator operator;
  private static MockServerResources resources;

  @BeforeAll
  static void startOperator() {
    operator = MockServerOperator.start(client, RECHECK);
    resources = new MockServerResources(client, NAMESPACE, SETTLE);
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void aPodMonitorFollowsTheSpecOnceThePrometheusOperatorsApiIsServed() {
    resources.create("plain", "upstreams: [{name: eu, shards: [{primary: 'eu.example:6379'}]}]");
    resources.create("watched", EXTERNAL);

    // Without the CRD: a clear condition and event, and everything else reconciled.
    RedisProxyStatus missing = resources.awaitStatus("watched", s -> monitoring(s).isPresent());
    Condition condition = monitoring(missing).orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("PrometheusOperatorMissing");
    assertThat(condition.getMessage())
        .startsWith(
            "The proxies' PodMonitor is not created: the cluster serves no"
                + " monitoring.coreos.com/v1 PodMonitor; install the Prometheus Operator's CRDs");
    assertThat(missing.getPhase()).isEqualTo(Phase.Progressing);
    assertThat(
            client
                .resources(Deployment.class)
                .inNamespace(NAMESPACE)
                .withName("watched-proxy")
                .get())
        .isNotNull();
    assertThat(
            client
                .resources(ConfigMap.class)
                .inNamespace(NAMESPACE)
                .withName("watched-config")
                .get())
        .isNotNull();
    await()
        .atMost(SETTLE)
        .until(() -> events("watched"), e -> e.stream().anyMatch(this::missingCrd));
    assertThat(monitoring(resources.awaitStatus("plain", s -> s.getPhase() != null))).isEmpty();

    client.resource(podMonitorCrd()).create();

    PodMonitor monitor = await().atMost(SETTLE).until(() -> podMonitor("watched"), m -> m != null);
    assertThat(monitor.getMetadata().getLabels())
        .containsEntry("release", "prometheus")
        .containsEntry("app.kubernetes.io/instance", "watched")
        .containsEntry("app.kubernetes.io/managed-by", "redis-proxy-operator");
    assertThat(monitor.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("watched"));
    String spec = Serialization.asJson(monitor.getSpec());
    assertThat(spec)
        .contains(
            "\"matchLabels\":{\"app.kubernetes.io/name\":\"redis-proxy\","
                + "\"app.kubernetes.io/instance\":\"watched\","
                + "\"app.kubernetes.io/component\":\"proxy\"}")
        .contains("\"port\":\"admin\"")
        .contains("\"path\":\"/metrics\"")
        .contains("\"interval\":\"15s\"")
        .contains("\"targetLabel\":\"redisproxy\"");
    Condition kept =
        monitoring(
                resources.awaitStatus(
                    "watched",
                    s -> monitoring(s).map(c -> "True".equals(c.getStatus())).orElse(false)))
            .orElseThrow();
    assertThat(kept.getReason()).isEqualTo("PodMonitorKept");
    assertThat(podMonitor("plain")).isNull();

    resources.update(
        "watched",
        r -> {
          PodMonitorSpec off = new PodMonitorSpec();
          off.setEnabled(false);
          MetricsSpec metrics = new MetricsSpec();
          metrics.setPodMonitor(off);
          r.getSpec().getProxy().setMetrics(metrics);
          return r;
        });
    await().atMost(SETTLE).until(() -> podMonitor("watched") == null);
    resources.awaitStatus("watched", s -> monitoring(s).isEmpty());
  }

  private boolean missingCrd(Event event) {
    return "PrometheusOperatorMissing".equals(event.getReason())
        && "Warning".equals(event.getType());
  }

  private static Optional<Condition> monitoring(RedisProxyStatus status) {
    return Conditions.find(status.getConditions(), "Monitoring");
  }

  private static PodMonitor podMonitor(String name) {
    return client.resources(PodMonitor.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<Event> events(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The Prometheus Operator's PodMonitor CRD, as far as the API server needs it. */
  private static CustomResourceDefinition podMonitorCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("podmonitors.monitoring.coreos.com")
        .endMetadata()
        .withNewSpec()
        .withGroup("monitoring.coreos.com")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("PodMonitor")
        .withListKind("PodMonitorList")
        .withPlural("podmonitors")
        .withSingular("podmonitor")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
