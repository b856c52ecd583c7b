package io.redisproxy.operator.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.roles.PrimaryBalance.Move;
import io.redisproxy.operator.roles.PrimaryBalance.Plan;
import io.redisproxy.operator.roles.PrimaryBalance.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimaryBalanceTest {
  /** Three shards of two pods over zones a, b, c, as the operator places them. */
  private static final Map<String, String> ZONES =
      Map.of("s0-0", "a", "s0-1", "b", "s1-0", "b", "s1-1", "c", "s2-0", "c", "s2-1", "a");

  private static List<Shard> shards(String... primaries) {
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < primaries.length; i++) {
      shards.add(new Shard("shard-" + i, List.of("s" + i + "-0", "s" + i + "-1"), primaries[i]));
    }
    return shards;
  }

  @Test
  void balancedRolesStay() {
    Plan plan = PrimaryBalance.next(shards("s0-0", "s1-0", "s2-0"), ZONES, true);
    assertThat(plan.move()).isNull();
    assertThat(plan.warning()).isNull();
  }

  @Test
  void afterAFailoverLeftTwoPrimariesInOneZoneOneMovesBackToTheEmptyZone() {
    // shard-0 failed over to s0-1 in zone b, where shard-1's primary already runs; zone a has none.
    Plan plan = PrimaryBalance.next(shards("s0-1", "s1-0", "s2-0"), ZONES, true);
    assertThat(plan.move()).isEqualTo(new Move("shard-0", "s0-1", "s0-0"));
  }

  @Test
  void rolesMoveOneAtATimeUntilBalanced() {
    Map<String, String> zones =
        Map.of("s0-0", "a", "s0-1", "b", "s1-0", "a", "s1-1", "b", "s2-0", "a", "s2-1", "b");
    List<Shard> shards = shards("s0-0", "s1-0", "s2-0");
    Plan first = PrimaryBalance.next(shards, zones, false);
    assertThat(first.move()).isEqualTo(new Move("shard-0", "s0-0", "s0-1"));
    Plan second = PrimaryBalance.next(shards("s0-1", "s1-0", "s2-0"), zones, false);
    assertThat(second.move()).as("two in a, one in b is as even as three go over two").isNull();
  }

  @Test
  void twoZonesWarnThatARedisClusterCanLoseItsMajority() {
    Map<String, String> zones =
        Map.of("s0-0", "a", "s0-1", "b", "s1-0", "b", "s1-1", "a", "s2-0", "a", "s2-1", "b");
    Plan plan = PrimaryBalance.next(shards("s0-0", "s1-0", "s2-0"), zones, true);
    assertThat(plan.move()).isNull();
    assertThat(plan.warning()).contains("two zones (a, b)").contains("no majority");
    assertThat(PrimaryBalance.next(shards("s0-0", "s1-0", "s2-0"), zones, false).warning())
        .as("sentinels fail over without a majority of primaries")
        .isNull();
  }

  @Test
  void unknownZonesMoveNothing() {
    assertThat(PrimaryBalance.next(shards("s0-1", "s1-0", "s2-0"), Map.of(), true).move()).isNull();
  }
}
