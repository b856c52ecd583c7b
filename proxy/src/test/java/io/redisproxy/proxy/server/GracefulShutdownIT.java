package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ProxyServer#close()} (run on SIGTERM) does to clients with requests in flight: no new
 * connections, every reply owed delivered within the shutdown grace, then the connection closes.
 */
class GracefulShutdownIT {
  private static final int REQUESTS = 1000;

  private ProxyFixture fixture;
  private Function<String, RedisServer> shardOf;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void closeStopsAcceptingAndDeliversEveryReplyOwed() throws Exception {
    int pauseMillis = 1500;
    start(Duration.ofSeconds(3), Duration.ofSeconds(5));
    RedisServer slow = fixture.redis().get(0);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      keys.add("inflight:" + i);
    }
    keys.add(keyNotOn(slow, "last"));
    assertThat(keys.stream().filter(key -> shardOf.apply(key) == slow)).hasSizeGreaterThan(100);

    try (RespSocket client = fixture.client()) {
      assertThat(client.command("PING")).isEqualTo("PONG");
      long pausedAt = System.nanoTime();
      pause(slow, pauseMillis);
      for (String key : keys) {
        client.send("SET", key, "v-" + key);
      }
      // The proxy reads requests in order: once the last one reached its shard, it read them all.
      String last = keys.get(keys.size() - 1);
      await()
          .atMost(5, TimeUnit.SECONDS)
          .pollInterval(10, TimeUnit.MILLISECONDS)
          .until(() -> shardOf.apply(last).command("EXISTS", last).equals(1L));

      long closeStart = System.nanoTime();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(fixture.server()::close);
      await()
          .atMost(500, TimeUnit.MILLISECONDS)
          .pollInterval(10, TimeUnit.MILLISECONDS)
          .until(() -> refusesConnections(fixture.server().port()));
      assertThat(closing).as("close() waits for the replies still owed").isNotDone();
      assertThat(millisSince(pausedAt))
          .as("the slow shard was still paused when the proxy stopped accepting")
          .isLessThan(pauseMillis);

      for (String key : keys) {
        assertThat(client.readReply()).as("reply to SET " + key).isEqualTo("OK");
      }
      assertThat(client.closedByPeer()).isTrue();
      closing.get(10, TimeUnit.SECONDS);
      assertThat(millisSince(closeStart)).isLessThan(5000);
    }
    for (String key : keys) {
      assertThat(shardOf.apply(key).command("GET", key)).isEqualTo("v-" + key);
    }
  }

  @Test
  void closeGivesUpOnRepliesThatOutlastTheGrace() {
    start(Duration.ofSeconds(5), Duration.ofSeconds(1));
    RedisServer slow = fixture.redis().get(0);
    String first = keyNotOn(slow, "first");
    String stuck = keyOn(slow);
    String last = keyNotOn(slow, "last");

    try (RespSocket client = fixture.client()) {
      pause(slow, 3000);
      client.send("SET", first, "1");
      client.send("SET", stuck, "2");
      client.send("SET", last, "3");
      await()
          .atMost(5, TimeUnit.SECONDS)
          .pollInterval(10, TimeUnit.MILLISECONDS)
          .until(() -> shardOf.apply(last).command("EXISTS", last).equals(1L));

      long closeStart = System.nanoTime();
      fixture.server().close();
      assertThat(millisSince(closeStart)).isBetween(1000L, 1700L);

      assertThat(client.readReply()).isEqualTo("OK");
      assertThatThrownBy(client::readReply)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("closed by the server");
    }
  }

  private void start(Duration operation, Duration shutdownGrace) {
    fixture =
        ProxyFixture.start(
            3,
            config ->
                ProxyFixture.withTimeouts(
                    config, new TimeoutsConfig(null, operation, null, shutdownGrace, null)));
    shardOf = ProxyFixture.shardOf(fixture.server().config(), fixture.redis().list());
  }

  /** Holds every command on {@code server}; CLIENT PAUSE is in force once it answers. */
  private static void pause(RedisServer server, int millis) {
    assertThat(server.command("CLIENT", "PAUSE", String.valueOf(millis), "ALL")).isEqualTo("OK");
  }

  private String keyOn(RedisServer server) {
    for (int i = 0; ; i++) {
      if (shardOf.apply("slow:" + i) == server) {
        return "slow:" + i;
      }
    }
  }

  private String keyNotOn(RedisServer server, String prefix) {
    for (int i = 0; ; i++) {
      if (shardOf.apply(prefix + ":" + i) != server) {
        return prefix + ":" + i;
      }
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
