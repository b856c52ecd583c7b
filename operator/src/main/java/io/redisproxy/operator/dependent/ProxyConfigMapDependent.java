package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.ConfigMaps;
import io.redisproxy.operator.model.ResourceNames;

/** The proxy config and redis.conf. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class ProxyConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, RedisProxy> {
  public ProxyConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(RedisProxy primary, Context<RedisProxy> context) {
    return ConfigMaps.desired(DesiredModel.of(context));
  }
}
