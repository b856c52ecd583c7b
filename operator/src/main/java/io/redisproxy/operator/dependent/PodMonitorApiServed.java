package io.redisproxy.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;

/**
 * Activates the PodMonitor dependent only while the cluster serves the Prometheus Operator's
 * PodMonitor API, so its informer never starts on a kind that does not exist. The reconciler asks
 * the API server and hands the answer to this reconciliation, which also puts it in the status.
 */
public class PodMonitorApiServed implements Condition<Object, RedisProxy> {
  private static final String KEY = PodMonitorApiServed.class.getName();

  public static void put(Context<RedisProxy> context, boolean served) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, served);
  }

  @Override
  public boolean isMet(
      DependentResource<Object, RedisProxy> dependentResource,
      RedisProxy primary,
      Context<RedisProxy> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(KEY, Boolean.class)
        .orElse(false);
  }
}
