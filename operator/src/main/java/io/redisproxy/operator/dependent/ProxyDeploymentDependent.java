package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.ProxyDeployments;
import io.redisproxy.operator.model.ResourceNames;

/** The proxy-only tier in front of external upstreams. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class ProxyDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, RedisProxy> {
  public ProxyDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(RedisProxy primary, Context<RedisProxy> context) {
    return ProxyDeployments.desired(DesiredModel.of(context));
  }
}
