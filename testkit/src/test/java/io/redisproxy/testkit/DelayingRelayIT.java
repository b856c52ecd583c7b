package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayingRelayIT {
  @Test
  void addsItsDelayEachWayAndCanBeCutAndRestored() {
    try (RedisServer redis = RedisServer.start();
        DelayingRelay relay =
            DelayingRelay.start(redis.host(), redis.port(), Duration.ofMillis(40))) {
      RespSocket client = RespSocket.connect(relay.host(), relay.port());
      client.command("PING");
      long start = System.nanoTime();
      assertThat(client.command("PING")).isEqualTo("PONG");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(80));

      relay.cut();
      assertThat(client.closedByPeer()).isTrue();
      client.close();
      assertThat(relaysNothing(relay)).isTrue();

      relay.restore();
      try (RespSocket again = RespSocket.connect(relay.host(), relay.port())) {
        assertThat(again.command("PING")).isEqualTo("PONG");
      }
    }
  }

  @Test
  void aThrottledRelayPassesEveryByteAtItsRate() {
    try (RedisServer redis = RedisServer.start();
        DelayingRelay relay = DelayingRelay.throttled(redis.host(), redis.port(), 1_000_000);
        RespSocket client = RespSocket.connect(relay.host(), relay.port())) {
      redis.command("SET", "half", "h".repeat(499_999) + "x");
      long start = System.nanoTime();
      assertThat((String) client.command("GET", "half")).hasSize(500_000).endsWith("hx");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(450));
    }
  }

  /** Whether a new connection through {@code relay} fails to reach the far side. */
  private static boolean relaysNothing(DelayingRelay relay) {
    try (RespSocket socket =
        RespSocket.connect(relay.host(), relay.port(), Duration.ofMillis(500))) {
      socket.command("PING");
      return false;
    } catch (UncheckedIOException e) {
      return true;
    }
  }
}
