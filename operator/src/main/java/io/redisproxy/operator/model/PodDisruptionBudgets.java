package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** Lets node drains take one proxy pod (or Redis pod) at a time. */
public final class PodDisruptionBudgets {
  private PodDisruptionBudgets() {}

  public static PodDisruptionBudget desired(RedisProxyModel model) {
    ResourceNames names = model.names();
    String component = Services.proxyComponent(model);
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(names.podDisruptionBudget())
        .withNamespace(names.namespace())
        .withLabels(names.labels(component))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(names.selector(component))
        .endSelector()
        .endSpec()
        .build();
  }
}
