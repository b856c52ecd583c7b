package io.redisproxy.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One shard stops answering for a while. Its requests fail after the op timeout; nothing else waits
 * longer than that, and clients of other shards do not notice at all.
 */
class SlowShardIT {
  private static final long TIMEOUT_MILLIS = 300;
  private static final int PAUSE_MILLIS = 2000;

  private ProxyFixture fixture;
  private RedisServer slow;
  private String slowKey;
  private List<String> fastKeys;

  @BeforeEach
  void start() {
    fixture =
        ProxyFixture.start(
            3,
            config ->
                ProxyFixture.withTimeouts(
                    config,
                    new TimeoutsConfig(
                        null,
                        Duration.ofMillis(TIMEOUT_MILLIS),
                        null,
                        null,
                        Duration.ofMillis(500))));
    slow = fixture.redis().get(0);
    slowKey = null;
    fastKeys = new ArrayList<>();
    for (int i = 0; fastKeys.size() < 20 || slowKey == null; i++) {
      String key = "key:" + i;
      if (fixture.shardOf(key) == slow) {
        slowKey = slowKey == null ? key : slowKey;
      } else if (fastKeys.size() < 20) {
        fastKeys.add(key);
      }
    }
    try (RespSocket client = fixture.client()) {
      client.command("SET", slowKey, "slow-value");
      for (String key : fastKeys) {
        client.command("SET", key, "value-of-" + key);
      }
    }
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void slowShardTimesOutWithoutDelayingAnyoneElse() throws Exception {
    try (RespSocket client = fixture.client();
        RespSocket other = fixture.client()) {
      pauseSlowShard();

      long start = System.nanoTime();
      Object reply = requestAllowingErrors(client, "GET", slowKey);
      long millis = millisSince(start);
      assertThat(reply)
          .isInstanceOfSatisfying(
              RedisErrorReply.class,
              error ->
                  assertThat(error.getMessage())
                      .isEqualTo(
                          "ERR upstream main/" + slow.address() + " timed out after 300 ms"));
      assertThat(millis).isBetween(TIMEOUT_MILLIS, TIMEOUT_MILLIS + 250);

      // Replies go back in request order, so requests behind the slow one wait for its timeout,
      // and no longer; a client on other shards is served meanwhile as if nothing happened.
      AtomicBoolean pipelineDone = new AtomicBoolean();
      CompletableFuture<List<Long>> otherLatencies =
          CompletableFuture.supplyAsync(() -> latenciesUntil(other, pipelineDone));
      start = System.nanoTime();
      client.send("GET", slowKey);
      for (String key : fastKeys) {
        client.send("GET", key);
      }
      assertThat(client.readReply()).asString().contains("timed out after 300 ms");
      for (String key : fastKeys) {
        assertThat(client.readReply()).isEqualTo("value-of-" + key);
      }
      millis = millisSince(start);
      pipelineDone.set(true);
      assertThat(millis).isBetween(TIMEOUT_MILLIS, TIMEOUT_MILLIS + 250);
      List<Long> latencies = otherLatencies.get(5, TimeUnit.SECONDS);
      assertThat(latencies).hasSizeGreaterThan(10);
      assertThat(latencies.stream().mapToLong(Long::longValue).max().orElseThrow())
          .as("slowest reply to another client, in ms")
          .isLessThan(TIMEOUT_MILLIS / 2);

      await()
          .atMost(PAUSE_MILLIS + 5000, TimeUnit.MILLISECONDS)
          .pollInterval(100, TimeUnit.MILLISECONDS)
          .until(() -> "slow-value".equals(requestAllowingErrors(client, "GET", slowKey)));
      assertThat(client.command("SET", slowKey, "after")).isEqualTo("OK");
      assertThat(slow.command("GET", slowKey)).isEqualTo("after");
    }
  }

  /** PAUSE answers at once, so the pause is in force when this returns. */
  private void pauseSlowShard() {
    assertThat(slow.command("CLIENT", "PAUSE", String.valueOf(PAUSE_MILLIS), "ALL"))
        .isEqualTo("OK");
  }

  /** GETs fast keys one at a time until {@code done}, returning each latency in ms. */
  private List<Long> latenciesUntil(RespSocket client, AtomicBoolean done) {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; !done.get() && i < 10_000; i++) {
      String key = fastKeys.get(i % fastKeys.size());
      long start = System.nanoTime();
      assertThat(client.command("GET", key)).isEqualTo("value-of-" + key);
      latencies.add(millisSince(start));
    }
    return latencies;
  }

  private static Object requestAllowingErrors(RespSocket client, String... command) {
    client.send(command);
    return client.readReply();
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
