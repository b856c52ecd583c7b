package io.redisproxy.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.PodMonitors;

/** Holds when the spec asks for a PodMonitor of the proxies; else the one it had is deleted. */
public class PodMonitorCondition implements Condition<Object, RedisProxy> {
  @Override
  public boolean isMet(
      DependentResource<Object, RedisProxy> dependentResource,
      RedisProxy primary,
      Context<RedisProxy> context) {
    return PodMonitors.wanted(DesiredModel.of(context));
  }
}
