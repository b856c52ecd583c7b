package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis pods restart for what Redis reads at start, and never for the hot-reloaded proxy config.
 */
class RestartHashTest {
  private static final String BASE = "redis: {shards: 2, config: 'maxmemory 1gb'}\n";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "readPolicy: preferReplica",
        "hashing: {algorithm: ketama, hashTags: false}",
        "proxy: {timeouts: {operation: 3s, idleClient: 10m}}",
        "proxy: {limits: {maxClients: 50, maxPipelineDepth: 8}}",
        "proxy: {connectionsPerNode: 4, ioThreads: 2}"
      })
  void proxyOnlyChangesLeaveThePodTemplatesAlone(String proxyChange) {
    RedisProxyModel before = Fixtures.model(BASE);
    RedisProxyModel after = Fixtures.model(BASE + proxyChange);

    assertThat(after.proxyConfig())
        .as("the change reaches the proxy")
        .isNotEqualTo(before.proxyConfig());
    assertThat(templates(after)).isEqualTo(templates(before));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis: {shards: 2, config: 'maxmemory 2gb'}",
        "redis: {shards: 2, config: 'maxmemory 1gb', image: 'redis:7.4'}",
        "redis: {shards: 2, config: 'maxmemory 1gb'}\nproxy: {port: 7000}"
      })
  void changesRedisReadsAtStartChangeTheHash(String spec) {
    assertThat(hashes(Fixtures.model(spec)))
        .doesNotContainAnyElementsOf(hashes(Fixtures.model(BASE)));
  }

  private static List<PodTemplateSpec> templates(RedisProxyModel model) {
    return RedisStatefulSets.desired(model).stream().map(s -> s.getSpec().getTemplate()).toList();
  }

  private static List<String> hashes(RedisProxyModel model) {
    return RedisStatefulSets.desired(model).stream()
        .map(StatefulSet::getSpec)
        .map(
            s ->
                s.getTemplate()
                    .getMetadata()
                    .getAnnotations()
                    .get(ResourceNames.RESTART_HASH_ANNOTATION))
        .toList();
  }
}
