package io.redisproxy.operator.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Key moves of mode Sharded as metrics, per RedisProxy: {@code redisproxy_sharded_key_move_active}
 * (1 while keys move, else 0) and {@code redisproxy_sharded_keys_moved_total}.
 */
final class KeyMoveMetrics {
  static final String ACTIVE = "redisproxy.sharded.key.move.active";
  static final String MOVED = "redisproxy.sharded.keys.moved";

  private final MeterRegistry registry;
  private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();

  KeyMoveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param moving whether a move is under way
   * @param moved how many keys this reconcile moved
   */
  void record(String namespace, String name, boolean moving, long moved) {
    Tags tags = Tags.of("namespace", namespace, "name", name);
    active
        .computeIfAbsent(
            tags,
            t -> {
              AtomicInteger value = new AtomicInteger();
              Gauge.builder(ACTIVE, value, AtomicInteger::get)
                  .tags(t)
                  .description("1 while keys move to another shard list after a change of shards")
                  .register(registry);
              return value;
            })
        .set(moving ? 1 : 0);
    if (moved > 0) {
      Counter.builder(MOVED)
          .tags(tags)
          .description("Keys the operator moved to their shard of a new shard list")
          .register(registry)
          .increment(moved);
    }
  }
}
