package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SentinelStatefulSetsTest {
  private static StatefulSet sentinels(String spec) {
    List<StatefulSet> desired = SentinelStatefulSets.desired(Fixtures.model(spec));
    assertThat(desired).hasSize(1);
    return desired.get(0);
  }

  @Test
  void shardsWithReplicasGetThreeSentinelsUnderTheHeadlessService() {
    StatefulSet sentinels = sentinels(Fixtures.MINIMAL_MANAGED);

    assertThat(sentinels.getMetadata().getName()).isEqualTo("cache-sentinel");
    assertThat(sentinels.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sentinels.getSpec().getServiceName()).isEqualTo("cache-redis");
    assertThat(sentinels.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "sentinel");
    PodSpec pod = sentinels.getSpec().getTemplate().getSpec();
    Container sentinel = pod.getContainers().get(0);
    assertThat(sentinel.getImage()).isEqualTo("redis:7.2");
    assertThat(sentinel.getPorts().get(0).getContainerPort()).isEqualTo(26379);
    assertThat(String.join(" ", sentinel.getCommand()))
        .contains("--sentinel")
        .contains("sentinel announce-ip $POD_NAME.cache-redis.shop.svc")
        .contains("sentinel resolve-hostnames yes");
    // Without volumes for Redis, the sentinels keep their state in the pod.
    assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(pod.getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey())
        .contains("topology.kubernetes.io/zone");
  }

  @Test
  void withStorageEachSentinelKeepsItsStateOnAVolume() {
    StatefulSet sentinels =
        sentinels("redis: {shards: 2, storage: {size: 5Gi}, sentinel: {replicas: 5}}");

    assertThat(sentinels.getSpec().getReplicas()).isEqualTo(5);
    assertThat(sentinels.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("data"));
  }

  @Test
  void aPasswordProtectsTheSentinelsToo() {
    Container sentinel =
        sentinels("redis: {shards: 1, auth: {passwordSecret: {name: pw}}}")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(String.join(" ", sentinel.getCommand()))
        .contains("--requirepass \"$REDIS_PASSWORD\"");
    assertThat(sentinel.getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("REDISCLI_AUTH"));
  }

  @Test
  void noSentinelsWithoutReplicasOrInARedisCluster() {
    assertThat(
            SentinelStatefulSets.desired(Fixtures.model("redis: {shards: 2, replicasPerShard: 0}")))
        .isEmpty();
    assertThat(SentinelStatefulSets.desired(Fixtures.model("redis: {mode: Cluster, shards: 3}")))
        .isEmpty();
  }

  @Test
  void theStartScriptsAreValidShell() throws Exception {
    RedisProxyModel model =
        Fixtures.model(
            "redis: {shards: 2, tls: {secretName: t}, auth: {passwordSecret: {name: pw}}}");
    assertValidShell(String.join("\n", Containers.sentinel(model).getCommand().subList(2, 3)));
    assertValidShell(Containers.redis(model, 1).getCommand().get(2));
  }

  private static void assertValidShell(String script) throws IOException, InterruptedException {
    Process sh = new ProcessBuilder("sh", "-n", "-c", script).redirectErrorStream(true).start();
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String output = new String(sh.getInputStream().readAllBytes());
    assertThat(sh.exitValue()).as("sh -n says: %s%nof:%n%s", output, script).isZero();
  }
}
