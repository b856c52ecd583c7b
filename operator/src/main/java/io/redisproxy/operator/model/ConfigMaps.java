package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The proxy config (and redis.conf), mounted as a directory into every pod. */
public final class ConfigMaps {
  private ConfigMaps() {}

  public static ConfigMap desired(RedisProxyModel model) {
    ResourceNames names = model.names();
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ResourceNames.PROXY_CONFIG_KEY, model.proxyConfigYaml());
    if (model.managesRedis()) {
      data.put(ResourceNames.REDIS_CONFIG_KEY, model.redisConf());
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(names.configMap())
        .withNamespace(names.namespace())
        .withLabels(names.commonLabels())
        .endMetadata()
        .withData(data)
        .build();
  }
}
