package io.redisproxy.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.RedisProxyModel;

/**
 * Hands the model the reconciler validated to the dependents of the same reconciliation, so each
 * computes its desired object from it rather than validating the spec again.
 */
public final class DesiredModel {
  private static final String KEY = RedisProxyModel.class.getName();

  private DesiredModel() {}

  public static void put(Context<RedisProxy> context, RedisProxyModel model) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, model);
  }

  static RedisProxyModel of(Context<RedisProxy> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, RedisProxyModel.class);
  }
}
