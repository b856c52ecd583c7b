package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.DesiredResources;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart, linted and rendered by Helm itself. */
class HelmChartTest {
  static final Path CHART = Path.of(System.getProperty("chart.dir"));
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  @Test
  void lintsCleanly() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
  }

  @Test
  void byDefaultTheOperatorWatchesEveryNamespaceWithAClusterRole() {
    List<HasMetadata> objects = render();

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("operators");
    assertThat(env(deployment, "WATCH_NAMESPACES")).isEmpty();
    assertThat(env(deployment, "LEADER_ELECTION")).isEqualTo("true");
    assertThat(env(deployment, "REDIS_IMAGE")).isEqualTo("redis:7.2");
    assertThat(env(deployment, "PROXY_IMAGE")).isEqualTo("ghcr.io/redis-proxy/redis-proxy:0.1.0");
    assertThat(env(deployment, "HEALTH_PORT")).isEqualTo("8080");
    assertThat(env(deployment, "POD_MONITORS")).isEqualTo("false");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    var operator = pod.getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/redis-proxy/redis-proxy-operator:0.1.0");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo("rpo-redis-proxy-operator");
  }

  @Test
  void theClusterRoleGrantsWhatTheOperatorManagesAndNoMore() {
    List<PolicyRule> rules = one(render(), ClusterRole.class).getRules();

    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getResources()).doesNotContain("*");
            });
    for (HasMetadata object : everythingTheOperatorCreates()) {
      assertThat(
              verbs(
                  rules,
                  HasMetadata.getGroup(object.getClass()),
                  HasMetadata.getPlural(object.getClass())))
          .as("verbs on %s", object.getKind())
          .containsAll(MANAGE);
    }
    assertThat(verbs(rules, "redisproxy.io", "redisproxies"))
        .containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbs(rules, "redisproxy.io", "redisproxies/status")).contains("patch");
    assertThat(verbs(rules, "", "events")).contains("create");
    assertThat(verbs(rules, "", "pods"))
        .as("Redis pods are restarted by deleting them and annotated; none is created")
        .containsExactlyInAnyOrder("get", "list", "watch", "patch", "delete");
    assertThat(verbs(rules, "", "nodes")).containsExactly("get");
    assertThat(verbs(rules, "", "secrets"))
        .as("a Redis Cluster's password and CA are read to form it, nothing is listed")
        .containsExactly("get");
  }

  @Test
  void namespaceScopeReadsNodesThroughAClusterRoleOfItsOwnOnlyWhenAsked() {
    List<HasMetadata> objects = render("rbac.scope", "namespace");
    ClusterRole reader = one(objects, ClusterRole.class);
    assertThat(reader.getMetadata().getName()).isEqualTo("rpo-redis-proxy-operator-node-reader");
    assertThat(reader.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResources()).containsExactly("nodes");
              assertThat(rule.getVerbs()).containsExactly("get");
            });
    assertThat(render("rbac.scope", "namespace", "rbac.readNodes", "false"))
        .noneMatch(o -> o.getKind().startsWith("Cluster"));
  }

  @Test
  void namespaceScopeGrantsRolesInTheWatchedNamespacesOnly() {
    List<HasMetadata> objects =
        render(
            "rbac.scope",
            "namespace",
            "rbac.readNodes",
            "false",
            "watchNamespaces[0]",
            "shop",
            "watchNamespaces[1]",
            "prod");

    assertThat(objects).noneMatch(o -> o.getKind().startsWith("Cluster"));
    assertThat(objects.stream().filter(o -> o instanceof Role))
        .extracting(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "shop/rpo-redis-proxy-operator",
            "prod/rpo-redis-proxy-operator",
            "operators/rpo-redis-proxy-operator-leader-election");
    assertThat(env(one(objects, Deployment.class), "WATCH_NAMESPACES")).isEqualTo("shop,prod");
  }

  @Test
  void namespaceScopeWithoutNamespacesWatchesTheReleaseNamespace() {
    List<HasMetadata> objects = render("rbac.scope", "namespace");
    assertThat(env(one(objects, Deployment.class), "WATCH_NAMESPACES")).isEqualTo("operators");
    assertThat(objects.stream().filter(o -> o instanceof Role))
        .extracting(o -> o.getMetadata().getNamespace())
        .containsOnly("operators");
  }

  @Test
  void anUnknownScopeIsRefused() {
    assertThatThrownBy(() -> render("rbac.scope", "everything"))
        .hasMessageContaining("rbac.scope must be cluster or namespace");
  }

  @Test
  void namespacesMustBeAList() {
    assertThatThrownBy(() -> render("watchNamespaces", "shop"))
        .hasMessageContaining("watchNamespaces must be a list of namespaces");
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseRole() {
    List<HasMetadata> objects = render("leaderElection.enabled", "false");
    assertThat(objects).noneMatch(o -> o instanceof Role);
    assertThat(env(one(objects, Deployment.class), "LEADER_ELECTION")).isEqualTo("false");
  }

  @Test
  void anOptionalServiceMonitorScrapesTheMetricsPort() {
    assertThat(render()).noneMatch(o -> o.getKind().equals("ServiceMonitor"));

    List<HasMetadata> objects =
        render(
            "metrics.serviceMonitor.enabled", "true",
            "metrics.serviceMonitor.labels.release", "prometheus");
    GenericKubernetesResource monitor =
        objects.stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .map(GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(Serialization.asJson(monitor.getAdditionalProperties().get("spec")))
        .contains("\"port\":\"metrics\"")
        .contains("\"path\":\"/metrics\"");
  }

  @Test
  void podMonitorsCanBeEveryResourcesDefault() {
    Deployment deployment = one(render("proxyMonitoring.podMonitors", "true"), Deployment.class);
    assertThat(env(deployment, "POD_MONITORS")).isEqualTo("true");
  }

  @Test
  void anOptionalConfigMapGivesGrafanasSidecarTheProxiesDashboard() throws Exception {
    ConfigMap dashboard =
        one(
            render(
                "proxyMonitoring.grafanaDashboard.enabled", "true",
                "proxyMonitoring.grafanaDashboard.namespace", "grafana"),
            ConfigMap.class);
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("grafana");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("redis-proxy.json"));
    assertThat(json.path("uid").asText()).isEqualTo("redis-proxy");
    assertThat(json.path("panels").findValuesAsText("title"))
        .contains(
            "Requests per command",
            "Errors per command",
            "Latency quantiles",
            "Node health",
            "Connections per node",
            "Mirror lag",
            "Replay buffer fill",
            "Regional failover",
            "Sentinel failovers",
            "Redis Cluster slot map changes");
  }

  @Test
  void anOptionalPrometheusRuleCarriesTheProxiesAlerts() {
    assertThat(render()).noneMatch(o -> o.getKind().equals("PrometheusRule"));

    GenericKubernetesResource rule =
        render(
                "proxyMonitoring.prometheusRule.enabled", "true",
                "proxyMonitoring.prometheusRule.labels.release", "prometheus")
            .stream()
            .filter(o -> o.getKind().equals("PrometheusRule"))
            .map(GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(Serialization.asJson(rule.getAdditionalProperties().get("spec")))
        .contains(
            "\"alert\":\"RedisProxyShardUnreachable\"",
            "\"alert\":\"RedisProxyReplicaLagging\"",
            "\"alert\":\"RedisProxyMirrorBufferFilling\"",
            "\"alert\":\"RedisProxyMirrorDropping\"",
            "\"alert\":\"RedisProxyRegionalFailoverActive\"",
            "\"alert\":\"RedisProxyNotReady\"");
  }

  @Test
  void imagesCanBeOverridden() {
    Deployment deployment =
        one(
            render(
                "image.repository", "registry.example/operator",
                "image.tag", "2.0",
                "proxyImage.tag", "2.0",
                "redisImage", "redis:7.4"),
            Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/operator:2.0");
    assertThat(env(deployment, "PROXY_IMAGE")).isEqualTo("ghcr.io/redis-proxy/redis-proxy:2.0");
    assertThat(env(deployment, "REDIS_IMAGE")).isEqualTo("redis:7.4");
  }

  /** Renders the chart as release rpo in namespace operators with these --set pairs. */
  static List<HasMetadata> render(String... sets) {
    TemplateCommand template =
        new Helm(CHART).template().withName("rpo").withNamespace("operators");
    for (int i = 0; i < sets.length; i += 2) {
      template.set(sets[i], sets[i + 1]);
    }
    return parse(template.call());
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  private static List<HasMetadata> everythingTheOperatorCreates() {
    List<HasMetadata> objects = new ArrayList<>();
    for (String spec :
        List.of(
            "redis: {shards: 1}, proxy: {metrics: {podMonitor: {enabled: true}}}",
            "upstreams: [{name: eu, shards: [{primary: 'eu.example:6379'}]}]")) {
      RedisProxy resource =
          Serialization.unmarshal(
              "apiVersion: redisproxy.io/v1alpha1\nkind: RedisProxy\nmetadata: {name: c, namespace:"
                  + " n}\nspec: "
                  + spec.replace("redis: ", "{redis: ").replace("upstreams: ", "{upstreams: ")
                  + "}",
              RedisProxy.class);
      objects.addAll(
          DesiredResources.of(RedisProxyModel.of(resource, new OperatorDefaults("r", "p"))));
    }
    return objects;
  }

  private static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
    return rules.stream()
        .filter(rule -> rule.getApiGroups().contains(group == null ? "" : group))
        .filter(rule -> rule.getResources().contains(resource))
        .flatMap(rule -> rule.getVerbs().stream())
        .toList();
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> kind) {
    List<T> matching = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(matching).as("exactly one %s", kind.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static String env(Deployment deployment, String name) {
    return Stream.of(deployment.getSpec().getTemplate().getSpec().getContainers().get(0))
        .flatMap(c -> c.getEnv().stream())
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }
}
