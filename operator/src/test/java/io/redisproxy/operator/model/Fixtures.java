package io.redisproxy.operator.model;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;

/** RedisProxy resources written as users write them: YAML. */
final class Fixtures {
  static final OperatorDefaults DEFAULTS =
      new OperatorDefaults("redis:7.2", "example.org/redis-proxy:1.0");

  /** Three shards with one replica each, every optional field left out. */
  static final String MINIMAL_MANAGED =
      """
      redis:
        shards: 3
      """;

  /** Two external groups in front of managed cloud Redis, every optional field left out. */
  static final String MINIMAL_EXTERNAL =
      """
      upstreams:
        - name: sessions
          shards:
            - primary: sessions-a.cloud.example:6379
        - name: catalog
          shards:
            - primary: catalog-a.cloud.example:6379
              replicas: [catalog-a-ro.cloud.example:6379]
            - primary: catalog-b.cloud.example:6379
      routes:
        - prefix: "session:"
          upstream: sessions
        - prefix: ""
          upstream: catalog
      """;

  private Fixtures() {}

  /** A RedisProxy named cache in namespace shop with this spec. */
  static RedisProxy resource(String spec) {
    return resource("cache", spec);
  }

  static RedisProxy resource(String name, String spec) {
    String yaml =
        """
        apiVersion: redisproxy.io/v1alpha1
        kind: RedisProxy
        metadata:
          name: %s
          namespace: shop
        spec:
        %s"""
            .formatted(name, spec.stripIndent().indent(2));
    return Serialization.unmarshal(yaml, RedisProxy.class);
  }

  static RedisProxyModel model(String spec) {
    return RedisProxyModel.of(resource(spec), DEFAULTS);
  }
}
