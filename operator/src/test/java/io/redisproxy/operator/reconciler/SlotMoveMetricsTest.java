package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redisproxy.operator.api.v1alpha1.SlotMoveStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotMoveMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SlotMoveMetrics metrics = new SlotMoveMetrics(registry);

  @Test
  void slotsToMoveFollowTheMoveAndSlotsMovedAddUp() {
    metrics.record("shop", "cache", Optional.of(new SlotMoveStatus(5, 900, 100)), 100);
    metrics.record("shop", "cache", Optional.of(new SlotMoveStatus(5, 850, 150)), 50);

    assertThat(toMove()).isEqualTo(850);
    assertThat(moved()).isEqualTo(150);

    metrics.record("shop", "cache", Optional.empty(), 850);

    assertThat(toMove()).isZero();
    assertThat(moved()).isEqualTo(1000);
  }

  @Test
  void anUnknownCountLeavesTheLastOne() {
    metrics.record("shop", "cache", Optional.of(new SlotMoveStatus(5, 900, 0)), 0);
    metrics.record("shop", "cache", Optional.of(new SlotMoveStatus(5, -1, 0)), 0);

    assertThat(toMove()).isEqualTo(900);
  }

  private double toMove() {
    return registry
        .get(SlotMoveMetrics.TO_MOVE)
        .tags("namespace", "shop", "name", "cache")
        .gauge()
        .value();
  }

  private double moved() {
    return registry
        .get(SlotMoveMetrics.MOVED)
        .tags("namespace", "shop", "name", "cache")
        .counter()
        .count();
  }
}
