package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class ProxyDeploymentsTest {

  @Test
  void externalUpstreamsGetAProxyOnlyTier() {
    Deployment tier = ProxyDeployments.desired(Fixtures.model(Fixtures.MINIMAL_EXTERNAL));

    assertThat(tier.getMetadata().getName()).isEqualTo("cache-proxy");
    assertThat(tier.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(tier.getSpec().getReplicas()).isEqualTo(2);
    assertThat(tier.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "proxy");
    assertThat(tier.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(tier.getSpec().getSelector().getMatchLabels());
    assertThat(tier.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .as("a new proxy is ready before an old one stops")
        .isZero();
    PodSpec pod = tier.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("proxy");
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("cache-config"));
  }

  @Test
  void proxySettingsShapeTheTier() {
    Deployment tier =
        ProxyDeployments.desired(
            Fixtures.model(
                Fixtures.MINIMAL_EXTERNAL
                    + """
                      proxy:
                        replicas: 5
                        image: registry.example/proxy:2
                        port: 7000
                        adminPort: 9000
                        resources: {limits: {memory: 512Mi}}
                        transport: io_uring
                      placement: {zones: [us-1a, us-1b]}
                      """));

    assertThat(tier.getSpec().getReplicas()).isEqualTo(5);
    PodSpec pod = tier.getSpec().getTemplate().getSpec();
    Container proxy = pod.getContainers().get(0);
    assertThat(proxy.getImage()).isEqualTo("registry.example/proxy:2");
    assertThat(proxy.getArgs()).endsWith("--transport", "io_uring");
    assertThat(proxy.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("proxy:7000", "admin:9000");
    assertThat(proxy.getResources().getLimits()).containsKey("memory");
    assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("us-1a", "us-1b");
    assertThat(pod.getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey())
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
  }
}
