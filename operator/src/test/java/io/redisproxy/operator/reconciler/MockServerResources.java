package io.redisproxy.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.model.ResourceNames;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** RedisProxy resources and their shards' StatefulSets in one namespace of the API mock. */
final class MockServerResources {
  private final KubernetesClient client;
  private final String namespace;
  private final Duration settle;

  MockServerResources(KubernetesClient client, String namespace, Duration settle) {
    this.client = client;
    this.namespace = namespace;
    this.settle = settle;
  }

  /** Creates RedisProxy {@code name} with {@code spec}, YAML under {@code spec:}. */
  void create(String name, String spec) {
    String yaml =
        """
        apiVersion: redisproxy.io/v1alpha1
        kind: RedisProxy
        metadata:
          name: %s
          namespace: %s
        spec:
        %s"""
            .formatted(name, namespace, spec.stripIndent().indent(2));
    client.resource(Serialization.unmarshal(yaml, RedisProxy.class)).create();
  }

  /** Applies {@code change}, again should the operator's status patch come in between. */
  void update(String name, UnaryOperator<RedisProxy> change) {
    await()
        .atMost(settle)
        .ignoreExceptions()
        .until(
            () ->
                client
                    .resources(RedisProxy.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .edit(change),
            r -> true);
  }

  RedisProxy get(String name) {
    return client.resources(RedisProxy.class).inNamespace(namespace).withName(name).get();
  }

  RedisProxyStatus awaitStatus(String name, Predicate<RedisProxyStatus> condition) {
    return await()
        .atMost(settle)
        .until(
            () -> {
              RedisProxy resource = get(name);
              return resource != null ? resource.getStatus() : null;
            },
            status -> status != null && condition.test(status));
  }

  /** The shards' StatefulSets, without the sentinels'. */
  List<StatefulSet> statefulSets(String name) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withLabel(ResourceNames.INSTANCE_LABEL, name)
        .withLabel(ResourceNames.COMPONENT_LABEL, ResourceNames.REDIS_COMPONENT)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .toList();
  }
}
