package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.redisproxy.proxy.config.ConfigCodec;
import org.junit.jupiter.api.Test;

class ConfigMapsTest {

  @Test
  void holdsTheProxyConfigAndRedisConf() {
    RedisProxyModel model =
        Fixtures.model(
            """
            redis:
              shards: 2
              config: |
                maxmemory 1gb
                maxmemory-policy allkeys-lru
            """);
    ConfigMap configMap = ConfigMaps.desired(model);

    assertThat(configMap.getMetadata().getName()).isEqualTo("cache-config");
    assertThat(configMap.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "redis-proxy-operator");
    assertThat(ConfigCodec.parse(configMap.getData().get("proxy.yaml")))
        .isEqualTo(model.proxyConfig());
    assertThat(configMap.getData().get("redis.conf"))
        .contains("port 6379\n")
        .contains("dir /data\n")
        .contains("protected-mode no\n")
        .endsWith("maxmemory 1gb\nmaxmemory-policy allkeys-lru\n");
  }

  @Test
  void aProxyTierNeedsNoRedisConf() {
    ConfigMap configMap = ConfigMaps.desired(Fixtures.model(Fixtures.MINIMAL_EXTERNAL));
    assertThat(configMap.getData()).containsOnlyKeys("proxy.yaml");
  }
}
