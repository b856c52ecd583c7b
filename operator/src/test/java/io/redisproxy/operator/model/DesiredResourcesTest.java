package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredResourcesTest {

  @Test
  void managedRedisGetsItsShardsAndServices() {
    List<HasMetadata> resources = DesiredResources.of(Fixtures.model("redis: {shards: 2}"));
    assertThat(resources)
        .extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
        .containsExactly(
            "ConfigMap/cache-config",
            "Service/cache-redis",
            "StatefulSet/cache-shard-0",
            "StatefulSet/cache-shard-1",
            "StatefulSet/cache-sentinel",
            "NetworkPolicy/cache-redis",
            "Service/cache",
            "PodDisruptionBudget/cache-shard-0",
            "PodDisruptionBudget/cache-shard-1",
            "PodDisruptionBudget/cache-sentinel");
    assertThat(resources)
        .allSatisfy(
            r -> {
              assertThat(r.getMetadata().getNamespace()).isEqualTo("shop");
              assertThat(r.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/instance", "cache");
            });
  }

  @Test
  void externalUpstreamsGetAProxyTierAndNoRedis() {
    assertThat(DesiredResources.of(Fixtures.model(Fixtures.MINIMAL_EXTERNAL)))
        .extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
        .containsExactly(
            "ConfigMap/cache-config",
            "Deployment/cache-proxy",
            "Service/cache",
            "PodDisruptionBudget/cache");
  }
}
