package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * The proxy-only tier in front of external upstreams. Its pods hold no data, so it is a Deployment
 * that surges a new pod before it stops an old one.
 */
public final class ProxyDeployments {
  private ProxyDeployments() {}

  public static Deployment desired(RedisProxyModel model) {
    ResourceNames names = model.names();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(names.proxyDeployment())
        .withNamespace(names.namespace())
        .withLabels(names.labels(ResourceNames.PROXY_COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withReplicas(model.proxyReplicas())
        .withNewSelector()
        .withMatchLabels(names.selector(ResourceNames.PROXY_COMPONENT))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(names.labels(ResourceNames.PROXY_COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withContainers(Containers.proxy(model))
        .withSecurityContext(Containers.podSecurity(null))
        .withAffinity(Placement.proxyAffinity(model))
        .withTopologySpreadConstraints(Placement.proxySpread(model))
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withVolumes(Containers.configVolume(model), Containers.emptyDir(Containers.TMP_VOLUME))
        .addAllToVolumes(model.secretVolumes())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
