package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.PodDisruptionBudgets;
import io.redisproxy.operator.model.ResourceNames;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps voluntary evictions to one pod at a time per shard, sentinels and proxy tier. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, RedisProxy>
    implements CRUDKubernetesBulkDependentResource<PodDisruptionBudget, RedisProxy>,
        KubernetesBulkDependentResource<PodDisruptionBudget, RedisProxy> {
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  public Map<ResourceID, PodDisruptionBudget> desiredResources(
      RedisProxy primary, Context<RedisProxy> context) {
    Map<ResourceID, PodDisruptionBudget> desired = new LinkedHashMap<>();
    for (PodDisruptionBudget budget : PodDisruptionBudgets.desired(DesiredModel.of(context))) {
      desired.put(ResourceID.fromResource(budget), budget);
    }
    return desired;
  }
}
