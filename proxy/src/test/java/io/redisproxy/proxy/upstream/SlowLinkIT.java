package io.redisproxy.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.DelayingRelay;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shard behind a slow link: a reply that takes longer than the op timeout to arrive is still
 * arriving, so it is forwarded whole rather than cut short; the op timeout is for a server that
 * sends nothing.
 */
class SlowLinkIT {
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(300);

  @Test
  void aLargeReplyArrivingForLongerThanTheOpTimeoutIsForwardedWhole() {
    try (RedisServer redis = RedisServer.start();
        DelayingRelay link = DelayingRelay.throttled("127.0.0.1", redis.port(), 2_000_000);
        ProxyServer proxy =
            ProxyServer.start(
                ProxyFixture.withTimeouts(
                    ProxyFixture.config(List.of(link.address())),
                    new TimeoutsConfig(null, OPERATION_TIMEOUT, null, null, null)));
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      // Two megabytes: about a second over the link.
      redis.command("SETRANGE", "big", String.valueOf(2_000_000 - 1), "x");
      long start = System.nanoTime();
      Object reply = client.command("GET", "big");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(reply).isInstanceOf(String.class);
      assertThat(((String) reply)).hasSize(2_000_000).endsWith("x");
      assertThat(took).isGreaterThan(OPERATION_TIMEOUT.multipliedBy(2));
    }
  }
}
