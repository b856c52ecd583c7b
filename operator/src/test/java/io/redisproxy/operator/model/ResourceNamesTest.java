package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {
  private final ResourceNames names = new ResourceNames("cache", "shop");

  @Test
  void namesOfEveryObject() {
    assertThat(names.configMap()).isEqualTo("cache-config");
    assertThat(names.headlessService()).isEqualTo("cache-redis");
    assertThat(names.clientService()).isEqualTo("cache");
    assertThat(names.podDisruptionBudget()).isEqualTo("cache");
    assertThat(names.proxyDeployment()).isEqualTo("cache-proxy");
    assertThat(names.shardStatefulSet(2)).isEqualTo("cache-shard-2");
    assertThat(names.redisPod(2, 1)).isEqualTo("cache-shard-2-1");
  }

  @Test
  void dnsNamesWorkUnderAnyClusterDomain() {
    assertThat(names.redisHost(0, 1)).isEqualTo("cache-shard-0-1.cache-redis.shop.svc");
    assertThat(names.clientHost()).isEqualTo("cache.shop.svc");
  }

  @Test
  void shardIndexFromAStatefulSetName() {
    assertThat(names.shardOf("cache-shard-12")).isEqualTo(12);
    assertThat(names.shardOf("cache-proxy")).isEqualTo(-1);
    assertThat(names.shardOf("other-shard-1")).isEqualTo(-1);
    assertThat(names.shardOf("cache-shard-x")).isEqualTo(-1);
  }

  @Test
  void selectorsAreSubsetsOfLabels() {
    assertThat(names.shardLabels(1)).containsAllEntriesOf(names.shardSelector(1));
    assertThat(names.labels("proxy")).containsAllEntriesOf(names.selector("proxy"));
    assertThat(names.labels("proxy"))
        .containsEntry("app.kubernetes.io/name", "redis-proxy")
        .containsEntry("app.kubernetes.io/instance", "cache")
        .containsEntry("app.kubernetes.io/component", "proxy")
        .containsEntry("app.kubernetes.io/managed-by", "redis-proxy-operator");
    assertThat(ResourceNames.MANAGED_SELECTOR)
        .isEqualTo("app.kubernetes.io/managed-by=redis-proxy-operator");
  }
}
