package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.RedisStatefulSets;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.model.SentinelStatefulSets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One StatefulSet per shard, and the sentinels' when they fail primaries over; StatefulSets that
 * are no longer wanted are deleted. One dependent for both, since one informer sees them all.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class RedisShardStatefulSetsDependent
    extends CRUDKubernetesDependentResource<StatefulSet, RedisProxy>
    implements CRUDKubernetesBulkDependentResource<StatefulSet, RedisProxy>,
        KubernetesBulkDependentResource<StatefulSet, RedisProxy> {
  public RedisShardStatefulSetsDependent() {
    super(StatefulSet.class);
  }

  @Override
  public Map<ResourceID, StatefulSet> desiredResources(
      RedisProxy primary, Context<RedisProxy> context) {
    Map<ResourceID, StatefulSet> desired = new LinkedHashMap<>();
    RedisProxyModel model = DesiredModel.of(context);
    for (StatefulSet shard : RedisStatefulSets.desired(model)) {
      desired.put(ResourceID.fromResource(shard), shard);
    }
    for (StatefulSet sentinels : SentinelStatefulSets.desired(model)) {
      desired.put(ResourceID.fromResource(sentinels), sentinels);
    }
    return desired;
  }
}
