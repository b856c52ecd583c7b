package io.redisproxy.proxy.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.FailoverConfig;
import io.redisproxy.testkit.DelayingRelay;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Region east mirrors to west and fails over to it: east's redis-servers die, its clients go on
 * through west after a bounded error window, and come back to east once it is healthy again.
 */
class FailoverIT {
  private static final Duration AFTER = Duration.ofSeconds(1);
  private static final Duration FAILBACK_AFTER = Duration.ofSeconds(2);

  private Region east;
  private Region west;
  private DelayingRelay eastToWest;

  @BeforeEach
  void start() {
    east = Region.start("east");
    west = Region.start("west");
    eastToWest = DelayingRelay.start("127.0.0.1", west.proxy().port(), Duration.ofMillis(5));
    east.standBy(eastToWest.address(), new FailoverConfig("remote", AFTER, FAILBACK_AFTER));
  }

  @AfterEach
  void stop() {
    Region.closeAll(eastToWest, east, west);
  }

  @Test
  void clientsMoveToTheStandbyWhileTheirRegionIsDownAndBackAfter() {
    try (RespSocket client = east.client()) {
      assertThat(client.command("SET", "before", "1")).isEqualTo("OK");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> "1".equals(west.client().command("GET", "before")));

      east.redis().forEach(RedisServer::stop);
      long down = System.nanoTime();
      long lastError = down;
      int written = 0;
      int succeeded = 0;
      int errors = 0;
      // Bounded: at most 2000 attempts, 5 ms apart, until 50 writes in a row went through.
      for (int attempt = 0; attempt < 2000 && written < 50; attempt++) {
        Object reply;
        try {
          reply = client.command("SET", "during:" + attempt, "v");
        } catch (RuntimeException e) {
          reply = e;
        }
        if ("OK".equals(reply)) {
          written++;
          succeeded++;
        } else {
          written = 0;
          errors++;
          lastError = System.nanoTime();
        }
        sleep(5);
      }
      assertThat(written).isEqualTo(50);
      Duration window = Duration.ofNanos(lastError - down);
      assertThat(window).isLessThan(AFTER.plusSeconds(2));
      assertThat(errors).isPositive();
      assertThat(east.proxy().notReadyReason()).isEmpty();
      assertThat(metric(east, "redisproxy_failover_active")).isEqualTo(1.0);
      // The writes of the outage are in the standby region.
      try (RespSocket remote = west.client()) {
        assertThat(remote.command("DBSIZE")).isEqualTo(1L + succeeded);
      }

      east.redis().forEach(RedisServer::restart);
      await()
          .atMost(FAILBACK_AFTER.plusSeconds(10))
          .until(() -> metric(east, "redisproxy_failover_active") == 0.0);
      assertThat(client.command("SET", "after", "1")).isEqualTo("OK");
      RedisServer owner =
          east.redis().list().stream()
              .filter(server -> "1".equals(server.command("GET", "after")))
              .findFirst()
              .orElse(null);
      assertThat(owner).as("east holds what is written after failback").isNotNull();
    }
  }

  private static double metric(Region region, String name) {
    String series = name + "{standby=\"remote\",upstream=\"main\"} ";
    for (String line : region.proxy().metrics().scrape().split("\n")) {
      if (line.startsWith(series)) {
        return Double.parseDouble(line.substring(series.length()).trim());
      }
    }
    return -1;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The two-region setup: each region mirrors to the other, east fails over to west. What clients
   * write through the standby during the outage reaches east once it is back, by west's mirror.
   */
  @Test
  void writesMadeThroughTheStandbyComeBackToTheRecoveredRegion() {
    try (DelayingRelay westToEast =
        DelayingRelay.start("127.0.0.1", east.proxy().port(), Duration.ofMillis(5))) {
      west.mirrorTo(westToEast.address(), null);
      try (RespSocket client = east.client()) {
        east.redis().forEach(RedisServer::stop);
        int succeeded = 0;
        for (int attempt = 0; attempt < 2000 && succeeded < 100; attempt++) {
          Object reply;
          try {
            reply = client.command("SET", "outage:" + succeeded, "v" + succeeded);
          } catch (RuntimeException e) {
            reply = e;
          }
          if ("OK".equals(reply)) {
            succeeded++;
          }
          sleep(5);
        }
        assertThat(succeeded).isEqualTo(100);
        east.redis().forEach(RedisServer::restart);
        await()
            .atMost(FAILBACK_AFTER.plusSeconds(10))
            .until(() -> metric(east, "redisproxy_failover_active") == 0.0);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> west.mirrorMetric("redisproxy_mirror_buffered_commands") == 0);
      try (RespSocket client = east.client()) {
        for (int i = 0; i < 100; i++) {
          assertThat(client.command("GET", "outage:" + i)).isEqualTo("v" + i);
        }
      }
      // Served from east's own servers now, not from west.
      long onEast = 0;
      for (RedisServer server : east.redis()) {
        onEast += (Long) server.command("DBSIZE");
      }
      assertThat(onEast).isGreaterThanOrEqualTo(100);
    }
  }
}
