package io.redisproxy.proxy.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.MirroringConfig;
import io.redisproxy.testkit.DelayingRelay;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two regions on loopback, each two redis-servers behind its own proxy; region A mirrors to region
 * B's proxy through a relay that adds 5 ms each way (and can cut the link).
 */
class MirrorIT {
  private Region east;
  private Region west;
  private DelayingRelay eastToWest;

  @BeforeEach
  void start() {
    east = Region.start("east");
    west = Region.start("west");
    eastToWest = DelayingRelay.start("127.0.0.1", west.proxy().port(), Duration.ofMillis(5));
  }

  @AfterEach
  void stop() {
    Region.closeAll(eastToWest, east, west);
  }

  @Test
  void aMixedWriteWorkloadLeavesBothRegionsWithTheSameData() {
    east.mirrorTo(eastToWest.address(), null);
    try (RespSocket client = east.client()) {
      Workload.mixed(client, "m", 300);
    }
    awaitMirrored(east);
    assertSameData(east, west);
  }

  @Test
  void aRemoteRegionDownForThirtySecondsUnderWriteLoadLosesNothing() {
    east.mirrorTo(eastToWest.address(), null);
    try (RespSocket client = east.client()) {
      Workload.mixed(client, "before", 50);
      eastToWest.cut();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int round = 0;
      while (System.nanoTime() < until && round < 10_000) {
        Workload.mixed(client, "down" + round++, 5);
      }
      assertThat(east.mirrorMetric("redisproxy_mirror_buffered_commands")).isPositive();
      eastToWest.restore();
      Workload.mixed(client, "after", 50);
    }
    awaitMirrored(east);
    assertThat(east.mirrorMetric("redisproxy_mirror_dropped_total")).isZero();
    assertSameData(east, west);
  }

  @Test
  void aFullReplayBufferDropsAndCountsExactlyWhatDidNotFit() {
    mirrorWithABufferOfAHundredCommandsToARegionAway();
    try (RespSocket client = east.client()) {
      for (int i = 0; i < 1000; i++) {
        assertThat(client.command("SET", "over:" + i, "v")).isEqualTo("OK");
      }
    }
    assertThat(east.mirrorMetric("redisproxy_mirror_dropped_total")).isEqualTo(900);
    // Full: what it holds is its limit, so an alert can tell how full it is.
    assertThat(east.mirrorMetric("redisproxy_mirror_buffered_commands"))
        .isEqualTo(east.mirrorMetric("redisproxy_mirror_buffer_limit_commands"))
        .isEqualTo(100);
    assertThat(east.mirrorMetric("redisproxy_mirror_buffer_limit_bytes")).isPositive();
    eastToWest.restore();
    awaitMirrored(east);
    try (RespSocket remote = west.client()) {
      assertThat(remote.command("DBSIZE")).isEqualTo(100L);
      // The oldest writes were kept, in order: a gap never hides behind newer data.
      assertThat(remote.command("EXISTS", "over:0", "over:99")).isEqualTo(2L);
      assertThat(remote.command("EXISTS", "over:100")).isEqualTo(0L);
    }
  }

  @Test
  void pipelinedWritesCutOffMidStreamArriveWholeOnceTheLinkIsBack() {
    east.mirrorTo(eastToWest.address(), null);
    try (RespSocket client = east.client()) {
      for (int batch = 0; batch < 40; batch++) {
        if (batch == 15) {
          eastToWest.cut();
        } else if (batch == 30) {
          eastToWest.restore();
        }
        // Hundreds of writes answered in one turn go to the mirror as one batch.
        for (int i = 0; i < 250; i++) {
          client.send("SET", "piped:" + batch + ":" + i, "v" + i);
          client.send("RPUSH", "piped:list:" + (i % 10), batch + ":" + i);
        }
        for (int i = 0; i < 500; i++) {
          assertThat(client.readReply()).isNotInstanceOf(RedisErrorReply.class);
        }
      }
    }
    awaitMirrored(east);
    assertThat(east.mirrorMetric("redisproxy_mirror_dropped_total")).isZero();
    assertThat(east.mirrorMetric("redisproxy_mirror_mirrored_total"))
        .isGreaterThanOrEqualTo(20_000);
    assertSameData(east, west);
  }

  @Test
  void aPipelinedBurstPastTheBufferKeepsEachKeysOlderWritesAndCountsTheRest() {
    mirrorWithABufferOfAHundredCommandsToARegionAway();
    try (RespSocket client = east.client()) {
      // Replies of several shards interleave, so "older" holds per key, across batches too.
      for (int i = 0; i < 500; i++) {
        client.send("RPUSH", "burst:" + i, "first");
      }
      for (int i = 0; i < 500; i++) {
        client.send("RPUSH", "burst:" + i, "second");
      }
      for (int i = 0; i < 1000; i++) {
        assertThat(client.readReply()).isIn(1L, 2L);
      }
    }
    assertThat(east.mirrorMetric("redisproxy_mirror_dropped_total")).isEqualTo(900);
    eastToWest.restore();
    awaitMirrored(east);
    int elements = 0;
    try (RespSocket remote = west.client()) {
      for (int i = 0; i < 500; i++) {
        List<?> list = (List<?>) remote.command("LRANGE", "burst:" + i, "0", "-1");
        assertThat(List.of(List.of(), List.of("first"), List.of("first", "second")))
            .as("burst:%d", i)
            .contains(list);
        elements += list.size();
      }
    }
    assertThat(elements).isEqualTo(100);
  }

  @Test
  void twoRegionsMirroringEachOtherDoNotLoop() {
    try (DelayingRelay westToEast =
        DelayingRelay.start("127.0.0.1", east.proxy().port(), Duration.ofMillis(5))) {
      east.mirrorTo(eastToWest.address(), null);
      west.mirrorTo(westToEast.address(), null);
      try (RespSocket a = east.client();
          RespSocket b = west.client()) {
        Workload.mixed(a, "east", 100);
        Workload.mixed(b, "west", 100);
        for (int i = 0; i < 50; i++) {
          a.command("INCR", "shared");
          b.command("INCR", "shared-west");
        }
      }
      awaitMirrored(east);
      awaitMirrored(west);
      assertSameData(east, west);
      double eastMirrored = east.mirrorMetric("redisproxy_mirror_mirrored_total");
      double westMirrored = west.mirrorMetric("redisproxy_mirror_mirrored_total");
      // Nothing comes back: a while later each side has mirrored only its own writes.
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(
              () ->
                  east.mirrorMetric("redisproxy_mirror_mirrored_total") == eastMirrored
                      && west.mirrorMetric("redisproxy_mirror_mirrored_total") == westMirrored);
      try (RespSocket a = east.client()) {
        assertThat(a.command("GET", "shared")).isEqualTo("50");
      }
    }
  }

  @Test
  void aFiftyMillisecondMirrorAddsNoLatencyToClients() {
    try (DelayingRelay far =
        DelayingRelay.start("127.0.0.1", west.proxy().port(), Duration.ofMillis(50))) {
      east.mirrorTo(far.address(), null);
      try (RespSocket client = east.client()) {
        long[] nanos = new long[500];
        for (int i = 0; i < nanos.length; i++) {
          long start = System.nanoTime();
          client.command("SET", "lat:" + i, "v");
          nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        // Each write would take over 100 ms if it waited for the mirror; p99 leaves room for a
        // pause of the test machine.
        assertThat(Duration.ofNanos(nanos[nanos.length * 99 / 100]))
            .isLessThan(Duration.ofMillis(50));
      }
      awaitMirrored(east);
      try (RespSocket remote = west.client()) {
        assertThat(remote.command("DBSIZE")).isEqualTo(500L);
      }
    }
  }

  private void mirrorWithABufferOfAHundredCommandsToARegionAway() {
    east.mirrorTo(eastToWest.address(), new MirroringConfig(null, 100, null));
    eastToWest.cut();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> east.mirrorMetric("redisproxy_mirror_connected") == 0);
  }

  private static void awaitMirrored(Region region) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> region.mirrorMetric("redisproxy_mirror_buffered_commands") == 0);
  }

  private static void assertSameData(Region primary, Region mirror) {
    Map<String, List<Object>> expected = primary.contents();
    assertThat(expected).isNotEmpty();
    Map<String, List<Object>> actual = mirror.contents();
    Set<String> differing = new TreeSet<>(expected.keySet());
    differing.addAll(actual.keySet());
    differing.removeIf(key -> Objects.equals(expected.get(key), actual.get(key)));
    Map<String, String> both = new java.util.TreeMap<>();
    differing.forEach(
        key -> both.put(key, "here " + expected.get(key) + ", there " + actual.get(key)));
    assertThat(both).as("keys whose data differ between the regions").isEmpty();
    // Expiries are absolute on both sides: the mirror got the instant, not the duration.
    Map<String, Long> primaryExpiries = primary.expiries();
    Map<String, Long> mirrorExpiries = mirror.expiries();
    primaryExpiries.forEach(
        (key, at) -> {
          long other = mirrorExpiries.get(key);
          if (at < 0) {
            assertThat(other).as("expiry of %s", key).isEqualTo(at);
          } else {
            assertThat(other).as("expiry of %s", key).isBetween(at - 1000, at + 1000);
          }
        });
  }
}
