package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * manifests/install.yaml is the chart rendered with its defaults, for installs without Helm. Run
 * hack/update-manifests.sh after changing the chart or the CRD.
 */
class InstallManifestTest {
  static final String NAMESPACE = "redis-proxy-system";
  private static final Path MANIFEST =
      Path.of(System.getProperty("manifests.dir")).resolve("install.yaml");

  @Test
  void installManifestIsTheRenderedChart() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("update.manifests")) {
      Files.writeString(MANIFEST, expected);
    }
    assertThat(MANIFEST).exists();
    assertThat(Files.readString(MANIFEST))
        .as("manifests/install.yaml is stale: run hack/update-manifests.sh and commit the result")
        .isEqualTo(expected);
  }

  /**
   * manifests/grafana-dashboard.yaml and manifests/prometheus-rules.yaml are the chart's dashboard
   * and alerts, for installs without Helm; the rules need the Prometheus Operator's CRDs.
   */
  @ParameterizedTest
  @CsvSource({
    "grafana-dashboard.yaml, grafana-dashboard.yaml, proxyMonitoring.grafanaDashboard.enabled",
    "prometheus-rules.yaml, prometheusrule.yaml, proxyMonitoring.prometheusRule.enabled"
  })
  void monitoringManifestsAreTheRenderedChart(String file, String template, String switchValue)
      throws IOException {
    Path manifest = MANIFEST.resolveSibling(file);
    String expected = renderMonitoring(template, switchValue);
    if (Boolean.getBoolean("update.manifests")) {
      Files.writeString(manifest, expected);
    }
    assertThat(manifest).exists();
    assertThat(Files.readString(manifest))
        .as("manifests/%s is stale: run hack/update-manifests.sh and commit the result", file)
        .isEqualTo(expected);
  }

  @Test
  void itHoldsTheNamespaceTheCrdAndTheOperator() throws IOException {
    assertThat(HelmChartTest.parse(render()))
        .extracting(o -> o.getKind())
        .startsWith("Namespace", "CustomResourceDefinition")
        .contains("ClusterRole", "Deployment");
  }

  /** The one object of {@code template}, rendered with {@code switchValue} on. */
  private static String renderMonitoring(String template, String switchValue) {
    String rendered =
        new Helm(HelmChartTest.CHART)
            .template()
            .withName("redis-proxy-operator")
            .withNamespace(NAMESPACE)
            .set(switchValue, "true")
            .call();
    String source = "# Source: redis-proxy-operator/templates/" + template + "\n";
    String document =
        Arrays.stream(rendered.split("(?m)^---\\s*$"))
            .map(String::strip)
            .map(d -> d + "\n")
            .filter(d -> d.startsWith(source))
            .findFirst()
            .orElseThrow(() -> new AssertionError(template + " renders nothing"));
    return "# Generated from helm/redis-proxy-operator by hack/update-manifests.sh.\n"
        + "---\n"
        + document.substring(source.length());
  }

  private static String render() throws IOException {
    Path crds = HelmChartTest.CHART.resolve("crds");
    StringBuilder manifest =
        new StringBuilder()
            .append("# The redis-proxy operator without Helm: kubectl apply -f install.yaml\n")
            .append("# Generated from helm/redis-proxy-operator by hack/update-manifests.sh.\n")
            .append("---\n")
            .append("apiVersion: v1\n")
            .append("kind: Namespace\n")
            .append("metadata:\n")
            .append("  name: ")
            .append(NAMESPACE)
            .append('\n');
    try (var files = Files.list(crds)) {
      for (Path crd : files.sorted().toList()) {
        manifest.append("---\n").append(Files.readString(crd));
      }
    }
    manifest.append(
        new Helm(HelmChartTest.CHART)
            .template()
            .withName("redis-proxy-operator")
            .withNamespace(NAMESPACE)
            .call());
    return manifest.toString();
  }
}
