package io.redisproxy.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.Services;

/** The headless Service that gives each Redis pod its DNS name. */
public class RedisHeadlessServiceDependent
    extends CRUDKubernetesDependentResource<Service, RedisProxy> {
  public RedisHeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(RedisProxy primary, Context<RedisProxy> context) {
    return Services.headless(DesiredModel.of(context));
  }
}
