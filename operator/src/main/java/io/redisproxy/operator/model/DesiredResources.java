package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object the operator makes for one RedisProxy, in the order they are applied; the PodMonitor
 * only where the cluster serves the Prometheus Operator's API.
 */
public final class DesiredResources {
  private DesiredResources() {}

  public static List<HasMetadata> of(RedisProxyModel model) {
    List<HasMetadata> resources = new ArrayList<>();
    resources.add(ConfigMaps.desired(model));
    if (model.managesRedis()) {
      resources.add(Services.headless(model));
      resources.addAll(RedisStatefulSets.desired(model));
      resources.addAll(SentinelStatefulSets.desired(model));
      resources.addAll(NetworkPolicies.desired(model));
    } else {
      resources.add(ProxyDeployments.desired(model));
    }
    resources.add(Services.client(model));
    resources.addAll(PodDisruptionBudgets.desired(model));
    if (PodMonitors.wanted(model)) {
      resources.add(PodMonitors.podMonitor(model));
    }
    return resources;
  }
}
