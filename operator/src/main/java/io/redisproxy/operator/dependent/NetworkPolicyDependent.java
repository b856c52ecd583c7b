package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.NetworkPolicies;
import io.redisproxy.operator.model.ResourceNames;

/** The NetworkPolicy that lets only the topology's own pods and the operator reach Redis. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class NetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, RedisProxy> {
  public NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(RedisProxy primary, Context<RedisProxy> context) {
    return NetworkPolicies.policy(DesiredModel.of(context));
  }
}
