package io.redisproxy.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.redisproxy.operator.api.monitoring.PodMonitor;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.PodMonitors;
import io.redisproxy.operator.model.ResourceNames;

/** The Prometheus Operator PodMonitor that scrapes the proxies' metrics. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class PodMonitorDependent extends CRUDKubernetesDependentResource<PodMonitor, RedisProxy> {
  public PodMonitorDependent() {
    super(PodMonitor.class);
  }

  @Override
  protected PodMonitor desired(RedisProxy primary, Context<RedisProxy> context) {
    return PodMonitors.podMonitor(DesiredModel.of(context));
  }
}
