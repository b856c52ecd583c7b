package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.proxy.config.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSlotsTest {
  @Test
  void readsRangesWithPrimariesAndReplicasSortedBySlot() {
    Object reply =
        List.of(
            List.of(
                10923L,
                16383L,
                List.of("10.0.0.3", 6379L, "id3"),
                List.of("10.0.0.6", 6379L, "id6")),
            List.of(
                0L,
                5460L,
                List.of("redis-0.redis.ns.svc", 6379L, "id1", List.of("hostname", "redis-0")),
                List.of("?", 6379L, "id4"),
                List.of("10.0.0.5", 6380L, "id5")));

    List<SlotRange> ranges = ClusterSlots.parse(reply);

    assertThat(ranges)
        .containsExactly(
            new SlotRange(
                0,
                5460,
                new HostPort("redis-0.redis.ns.svc", 6379),
                List.of(new HostPort("10.0.0.5", 6380))),
            new SlotRange(
                10923,
                16383,
                new HostPort("10.0.0.3", 6379),
                List.of(new HostPort("10.0.0.6", 6379))));
  }

  @Test
  void aReplyOfAnotherShapeIsRefused() {
    assertThatThrownBy(() -> ClusterSlots.parse("ERR nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
