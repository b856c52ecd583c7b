package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardedScalingTest {
  private static final List<ShardConfig> THREE = shards(3);
  private static final List<ShardConfig> FIVE = shards(5);
  private static final UpstreamConfig LIVE =
      new UpstreamConfig("main", null, null, null, null, null, null, THREE);
  private static final List<ProxyReport> NONE = List.of();

  @Test
  void aTopologyWithoutServersTakesTheShardsWantedAtOnce() {
    ShardedScaling fresh = ShardedScaling.of(LIVE, FIVE, 0, false, "g1", () -> NONE, false);
    assertThat(fresh.present()).isEqualTo(5);
    assertThat(fresh.routed()).isEqualTo(LIVE.withShards(FIVE));
    assertThat(fresh.waitingFor()).isNull();
  }

  @Test
  void aSteadyTopologyDoesNotAskTheProxies() {
    AtomicInteger asked = new AtomicInteger();
    Supplier<List<ProxyReport>> proxies =
        () -> {
          asked.incrementAndGet();
          return NONE;
        };
    ShardedScaling steady = ShardedScaling.of(LIVE, THREE, 3, true, "g1", proxies, false);
    assertThat(steady).isEqualTo(new ShardedScaling(3, LIVE, false, null));
    assertThat(asked).hasValue(0);
  }

  @Test
  void aMoveStartsOnlyOnceTheNewServersAreReady() {
    ShardedScaling notReady = ShardedScaling.of(LIVE, FIVE, 3, false, "g2", () -> NONE, false);
    assertThat(notReady.present()).as("the new shards' servers are created").isEqualTo(5);
    assertThat(notReady.routed()).as("the proxies keep the old list").isEqualTo(LIVE);
    assertThat(notReady.waitingFor())
        .isEqualTo("keys are to move from 3 shards to 5 once the servers of every shard are ready");

    ShardedScaling start = ShardedScaling.of(LIVE, FIVE, 5, true, "g2", () -> NONE, false);
    assertThat(start.routed().shards()).isEqualTo(FIVE);
    assertThat(start.routed().resharding())
        .isEqualTo(new Resharding("g2", Resharding.Phase.HOLD, THREE));
    assertThat(start.runMover()).isFalse();
    assertThat(start.present()).isEqualTo(5);
  }

  @Test
  void aShrinkKeepsTheServersThatGoUntilEveryProxyHasDroppedTheMove() {
    UpstreamConfig five = LIVE.withShards(FIVE);
    List<ShardConfig> two = shards(2);
    UpstreamConfig moving =
        five.withShards(two).withResharding(new Resharding("g3", Resharding.Phase.MOVE, FIVE));
    List<ProxyReport> allMoving = List.of(report("a", "g3", "move"));

    ShardedScaling mover = ShardedScaling.of(moving, two, 5, true, "g3", () -> allMoving, false);
    assertThat(mover.runMover()).isTrue();
    assertThat(mover.present()).isEqualTo(5);
    assertThat(mover.routed()).isEqualTo(moving);

    ShardedScaling end = ShardedScaling.of(moving, two, 5, true, "g3", () -> allMoving, true);
    assertThat(end.routed()).isEqualTo(five.withShards(two));
    assertThat(end.present()).as("the servers stay while a proxy may still read them").isEqualTo(5);

    UpstreamConfig ended = five.withShards(two);
    ShardedScaling lingering = ShardedScaling.of(ended, two, 5, true, "g3", () -> allMoving, false);
    assertThat(lingering.present()).isEqualTo(5);
    assertThat(lingering.waitingFor()).isEqualTo("proxy a still serves move g3");

    ShardedScaling done = ShardedScaling.of(ended, two, 5, true, "g3", () -> NONE, false);
    assertThat(done).isEqualTo(new ShardedScaling(2, ended, false, null));
  }

  @Test
  void aChangeDuringAMoveIsQueuedBehindIt() {
    UpstreamConfig moving =
        LIVE.withShards(FIVE).withResharding(new Resharding("g2", Resharding.Phase.MOVE, THREE));
    List<ProxyReport> allMoving = List.of(report("a", "g2", "move"));
    ShardedScaling queued =
        ShardedScaling.of(moving, shards(2), 5, true, "g3", () -> allMoving, false);
    assertThat(queued.runMover()).isTrue();
    assertThat(queued.routed()).isEqualTo(moving);
    assertThat(queued.waitingFor())
        .isEqualTo(
            "keys move from 3 shards to 5; spec.redis.shards now asks for 2 shards: keys move"
                + " there once this move to 5 has ended");
  }

  @Test
  void aProxyThatCannotBeAskedHoldsTheMoveWhereItIs() {
    UpstreamConfig holding =
        LIVE.withShards(FIVE).withResharding(new Resharding("g2", Resharding.Phase.HOLD, THREE));
    List<ProxyReport> unreachable = List.of(new ProxyReport("10.0.0.9", List.of(), "refused"));
    ShardedScaling step = ShardedScaling.of(holding, FIVE, 5, true, "g2", () -> unreachable, false);
    assertThat(step.routed()).isEqualTo(holding);
    assertThat(step.runMover()).isFalse();
    assertThat(step.waitingFor())
        .isEqualTo("proxy 10.0.0.9 cannot be asked how far it is: refused");
  }

  private static ProxyReport report(String proxy, String id, String phase) {
    return new ProxyReport(proxy, List.of(new ReshardingPlan.Move("main", id, phase, true)), null);
  }

  private static List<ShardConfig> shards(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new ShardConfig("shard-" + i, "10.0.0." + i + ":6379", List.of()))
        .toList();
  }
}
