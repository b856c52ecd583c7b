package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import io.redisproxy.operator.sharded.ReshardingPlan.Step;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReshardingPlanTest {
  private static final List<ShardConfig> THREE = shards(3);
  private static final List<ShardConfig> FIVE = shards(5);
  private static final UpstreamConfig LIVE =
      new UpstreamConfig("main", null, null, null, null, null, null, THREE);

  @Test
  void aNewShardListFirstHoldsRequestsOnMovingKeys() {
    Step step = ReshardingPlan.next(LIVE, FIVE, "grow", List.of(), false);
    assertThat(step.publish().shards()).isEqualTo(FIVE);
    assertThat(step.publish().resharding())
        .isEqualTo(new Resharding("grow", Resharding.Phase.HOLD, THREE));
    assertThat(step.runMover()).isFalse();
    assertThat(ReshardingPlan.next(LIVE, THREE, "same", List.of(), false))
        .isEqualTo(new Step(null, false, null));
  }

  @Test
  void eachPhaseWaitsForEveryProxyToReachTheLast() {
    UpstreamConfig holding = holding(Resharding.Phase.HOLD);
    List<ProxyReport> oneBehind =
        List.of(report("a", "grow", "hold", true), report("b", "grow", "hold", false));
    Step waiting = ReshardingPlan.next(holding, FIVE, "other", oneBehind, false);
    assertThat(waiting.publish()).isNull();
    assertThat(waiting.waitingFor()).isEqualTo("proxy b has not reached phase hold of move grow");
    List<ProxyReport> unreachable =
        List.of(new ProxyReport("c", List.of(), "no answer within 2 s"));
    assertThat(ReshardingPlan.next(holding, FIVE, "other", unreachable, false).waitingFor())
        .isEqualTo("proxy c cannot be asked how far it is: no answer within 2 s");
    List<ProxyReport> earlierMove = List.of(report("a", "shrink", "hold", true));
    assertThat(ReshardingPlan.next(holding, FIVE, "other", earlierMove, false).publish()).isNull();

    List<ProxyReport> allHolding =
        List.of(report("a", "grow", "hold", true), report("b", "grow", "hold", true));
    Step toMove = ReshardingPlan.next(holding, FIVE, "other", allHolding, false);
    assertThat(toMove.publish()).isEqualTo(holding(Resharding.Phase.MOVE));
    assertThat(toMove.runMover()).isFalse();
  }

  @Test
  void theMoverRunsOnceEveryProxyMovesKeysAndTheMoveEndsWhenItFoundNoneLeft() {
    UpstreamConfig moving = holding(Resharding.Phase.MOVE);
    List<ProxyReport> stillHolding = List.of(report("a", "grow", "hold", true));
    assertThat(ReshardingPlan.next(moving, FIVE, "x", stillHolding, false).runMover()).isFalse();
    List<ProxyReport> allMoving = List.of(report("a", "grow", "move", true));
    Step mover = ReshardingPlan.next(moving, FIVE, "x", allMoving, false);
    assertThat(mover.runMover()).isTrue();
    assertThat(mover.publish()).isNull();
    Step end = ReshardingPlan.next(moving, FIVE, "x", allMoving, true);
    assertThat(end.publish().resharding()).isNull();
    assertThat(end.publish().shards()).isEqualTo(FIVE);
  }

  @Test
  void aChangeWhileKeysMoveWaitsForThatMoveToEnd() {
    UpstreamConfig moving = holding(Resharding.Phase.MOVE);
    List<ProxyReport> allMoving = List.of(report("a", "grow", "move", true));
    List<ShardConfig> two = shards(2);
    Step step = ReshardingPlan.next(moving, two, "shrink", allMoving, false);
    assertThat(step.runMover()).isTrue();
    assertThat(step.publish()).isNull();
    Step end = ReshardingPlan.next(moving, two, "shrink", allMoving, true);
    assertThat(end.publish().shards()).isEqualTo(FIVE);
    Step next = ReshardingPlan.next(end.publish(), two, "shrink", allMoving, false);
    assertThat(next.publish().resharding())
        .isEqualTo(new Resharding("shrink", Resharding.Phase.HOLD, FIVE));
  }

  private static UpstreamConfig holding(Resharding.Phase phase) {
    return LIVE.withShards(FIVE).withResharding(new Resharding("grow", phase, THREE));
  }

  private static ProxyReport report(String proxy, String id, String phase, boolean reached) {
    return new ProxyReport(
        proxy, List.of(new ReshardingPlan.Move("main", id, phase, reached)), null);
  }

  private static List<ShardConfig> shards(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new ShardConfig("shard-" + i, "10.0.0." + i + ":6379", List.of()))
        .toList();
  }
}
