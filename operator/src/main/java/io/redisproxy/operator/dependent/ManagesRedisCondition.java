package io.redisproxy.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;

/** Holds when the operator runs the Redis servers; otherwise their objects are deleted. */
public class ManagesRedisCondition implements Condition<Object, RedisProxy> {
  @Override
  public boolean isMet(
      DependentResource<Object, RedisProxy> dependentResource,
      RedisProxy primary,
      Context<RedisProxy> context) {
    return DesiredModel.of(context).managesRedis();
  }
}
