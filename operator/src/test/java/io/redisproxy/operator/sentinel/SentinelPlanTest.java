package io.redisproxy.operator.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.sentinel.SentinelPlan.Monitor;
import io.redisproxy.operator.sentinel.SentinelPlan.Remove;
import io.redisproxy.operator.sentinel.SentinelPlan.Set;
import io.redisproxy.operator.sentinel.SentinelPlan.Settings;
import io.redisproxy.operator.sentinel.SentinelPlan.View;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentinelPlanTest {
  private static final Settings SETTINGS = new Settings(2, 5000, 60000);
  private static final List<String> MASTERS = List.of("shard-0", "shard-1");
  private static final Map<String, String> FALLBACK =
      Map.of("shard-0", "pod-0-0:6379", "shard-1", "pod-1-0:6379");

  private static Map<String, String> watching(String ip, long epoch, int peers, int healthy) {
    Map<String, String> fields = new HashMap<>();
    fields.put("ip", ip);
    fields.put("port", "6379");
    fields.put("config-epoch", String.valueOf(epoch));
    fields.put("quorum", "2");
    fields.put("down-after-milliseconds", "5000");
    fields.put("failover-timeout", "60000");
    fields.put("parallel-syncs", "1");
    fields.put("num-other-sentinels", String.valueOf(peers));
    fields.put(SentinelPlan.HEALTHY_REPLICAS, String.valueOf(healthy));
    return fields;
  }

  private static View both(String shard0Ip, long epoch) {
    return new View(
        Map.of(
            "shard-0", watching(shard0Ip, epoch, 2, 1), "shard-1", watching("pod-1-0", 0, 2, 1)));
  }

  @Test
  void aNewSentinelStartsFromThePrimaryTheOthersNameAfterAFailover() {
    Map<String, View> sentinels = new LinkedHashMap<>();
    sentinels.put("s0:26379", both("pod-0-1", 1));
    sentinels.put("s1:26379", both("pod-0-0", 0));
    sentinels.put("s2:26379", new View(Map.of()));

    SentinelPlan plan = SentinelPlan.next(MASTERS, FALLBACK, SETTINGS, sentinels);

    assertThat(plan.primaries()).containsEntry("shard-0", "pod-0-1:6379");
    assertThat(plan.actions())
        .contains(
            new Monitor("s2:26379", "shard-0", "pod-0-1:6379", 2),
            new Monitor("s2:26379", "shard-1", "pod-1-0:6379", 2),
            new Set("s2:26379", "shard-0", "down-after-milliseconds", "5000"));
    assertThat(plan.configured()).isFalse();
    assertThat(plan.waitingFor()).contains("s2:26379 to monitor shard-0");
  }

  @Test
  void withNoSentinelWatchingTheFallbackPrimaryIsMonitored() {
    SentinelPlan plan =
        SentinelPlan.next(MASTERS, FALLBACK, SETTINGS, Map.of("s0:26379", new View(Map.of())));
    assertThat(plan.actions()).contains(new Monitor("s0:26379", "shard-1", "pod-1-0:6379", 2));
  }

  @Test
  void changedTimingsAreSetAndGoneShardsRemoved() {
    Map<String, View> sentinels = new LinkedHashMap<>();
    sentinels.put("s0:26379", both("pod-0-0", 0));
    SentinelPlan plan =
        SentinelPlan.next(List.of("shard-0"), FALLBACK, new Settings(2, 3000, 60000), sentinels);
    assertThat(plan.actions())
        .containsExactly(
            new Set("s0:26379", "shard-0", "down-after-milliseconds", "3000"),
            new Remove("s0:26379", "shard-1"));
  }

  @Test
  void configuredOnlyOnceEverySentinelAnswersAndKnowsTheOthers() {
    Map<String, View> sentinels = new LinkedHashMap<>();
    sentinels.put("s0:26379", both("pod-0-0", 0));
    sentinels.put("s1:26379", both("pod-0-0", 0));
    sentinels.put("s2:26379", both("pod-0-0", 0));
    assertThat(SentinelPlan.next(MASTERS, FALLBACK, SETTINGS, sentinels).configured()).isTrue();

    sentinels.put("s2:26379", null);
    SentinelPlan down = SentinelPlan.next(MASTERS, FALLBACK, SETTINGS, sentinels);
    assertThat(down.problem()).isEqualTo("waiting for s2:26379 to answer");

    sentinels.put(
        "s2:26379",
        new View(
            Map.of(
                "shard-0", watching("pod-0-0", 0, 1, 1), "shard-1", watching("pod-1-0", 0, 2, 1))));
    assertThat(SentinelPlan.next(MASTERS, FALLBACK, SETTINGS, sentinels).waitingFor())
        .isEqualTo("s2:26379 to find the other sentinels watching shard-0");
  }

  @Test
  void aShardWithoutAHealthyReplicaIsNamed() {
    View view =
        new View(
            Map.of(
                "shard-0", watching("pod-0-0", 0, 0, 0), "shard-1", watching("pod-1-0", 0, 0, 1)));
    SentinelPlan plan = SentinelPlan.next(MASTERS, FALLBACK, SETTINGS, Map.of("s0:26379", view));
    assertThat(plan.problem())
        .isEqualTo(
            "shard-0 has no healthy replica: a failure of its primary cannot be failed over");
  }
}
