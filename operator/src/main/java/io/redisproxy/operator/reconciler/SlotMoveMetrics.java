package io.redisproxy.operator.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.redisproxy.operator.api.v1alpha1.SlotMoveStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slot moves of mode Cluster as metrics, per RedisProxy: {@code redisproxy_cluster_slots_to_move}
 * (0 when none is under way) and {@code redisproxy_cluster_slots_moved_total}.
 */
final class SlotMoveMetrics {
  static final String TO_MOVE = "redisproxy.cluster.slots.to.move";
  static final String MOVED = "redisproxy.cluster.slots.moved";

  private final MeterRegistry registry;
  private final Map<Tags, AtomicInteger> toMove = new ConcurrentHashMap<>();

  SlotMoveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param status the move under way, if any
   * @param moved how many slots this reconcile moved
   */
  void record(String namespace, String name, Optional<SlotMoveStatus> status, int moved) {
    Tags tags = Tags.of("namespace", namespace, "name", name);
    int remaining = status.map(SlotMoveStatus::getSlotsToMove).orElse(0);
    if (remaining >= 0) {
      toMove
          .computeIfAbsent(
              tags,
              t -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder(TO_MOVE, value, AtomicInteger::get)
                    .tags(t)
                    .description("Slots still to change shards after a change of shards")
                    .register(registry);
                return value;
              })
          .set(remaining);
    }
    if (moved > 0) {
      Counter.builder(MOVED)
          .tags(tags)
          .description("Slots moved to other shards")
          .register(registry)
          .increment(moved);
    }
  }
}
