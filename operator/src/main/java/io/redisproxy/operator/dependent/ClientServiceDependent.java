package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.model.Services;

/** The Service clients connect to. Its informer also serves the headless Service. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class ClientServiceDependent extends CRUDKubernetesDependentResource<Service, RedisProxy> {
  public ClientServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(RedisProxy primary, Context<RedisProxy> context) {
    return Services.client(DesiredModel.of(context));
  }
}
