package io.redisproxy.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.NetworkPolicies;

/** Holds when the operator runs Redis and the spec keeps the policy on; else it is deleted. */
public class NetworkPolicyCondition implements Condition<Object, RedisProxy> {
  @Override
  public boolean isMet(
      DependentResource<Object, RedisProxy> dependentResource,
      RedisProxy primary,
      Context<RedisProxy> context) {
    return NetworkPolicies.wanted(DesiredModel.of(context));
  }
}
