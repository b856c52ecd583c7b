package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.AuthConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lettuce, unmodified: it speaks RESP3 (HELLO 3 first) and works as against Redis. */
class LettuceClientIT {
  private static ProxyFixture fixture;
  private static RedisClient client;

  @BeforeAll
  static void start() {
    fixture = ProxyFixture.start(3);
    client = RedisClient.create(RedisURI.create("127.0.0.1", fixture.server().port()));
  }

  @AfterAll
  static void stop() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    fixture.close();
  }

  @Test
  void syncAsyncAndScanWork() throws Exception {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> sync = connection.sync();
      assertThat(sync.clientInfo()).contains(" resp=3 ");
      sync.flushall();
      assertThat(sync.set("a", "1")).isEqualTo("OK");
      assertThat(sync.incrby("n", 5)).isEqualTo(5L);
      assertThat(sync.mset(java.util.Map.of("x", "1", "y", "2", "z", "3"))).isEqualTo("OK");
      assertThat(sync.mget("x", "y", "z"))
          .extracting(kv -> kv.getValueOrElse(null))
          .containsExactly("1", "2", "3");
      List<RedisFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        connection.async().set("async:" + i, "v" + i);
        futures.add(connection.async().get("async:" + i));
      }
      assertThat(
              LettuceFutures.awaitAll(Duration.ofSeconds(20), futures.toArray(new RedisFuture[0])))
          .isTrue();
      for (int i = 0; i < 2000; i++) {
        assertThat(futures.get(i).get()).isEqualTo("v" + i);
      }
      Set<String> keys = new HashSet<>();
      KeyScanCursor<String> page = sync.scan(ScanCursor.INITIAL, ScanArgs.Builder.limit(200));
      keys.addAll(page.getKeys());
      for (int pages = 0; !page.isFinished() && pages < 10_000; pages++) {
        page = sync.scan(page, ScanArgs.Builder.limit(200));
        keys.addAll(page.getKeys());
      }
      assertThat(keys).hasSize(2000 + 5);
      assertThat(fixture.shardOf("async:7").command("GET", "async:7")).isEqualTo("v7");
    }
  }

  @Test
  void threadsShareOneConnection() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            threads.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 500; i++) {
                    String key = "t" + thread + ":" + i;
                    connection.sync().set(key, key);
                    ok += key.equals(connection.sync().get(key)) ? 1 : 0;
                  }
                  return ok;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(500);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void passwordsWork() {
    try (ProxyFixture secured =
            ProxyFixture.start(
                2,
                config ->
                    ProxyFixture.withAuth(config, new AuthConfig(List.of("s3cret"), List.of())));
        RedisClientHolder holder =
            new RedisClientHolder(
                RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(secured.server().port())
                    .withPassword("s3cret".toCharArray())
                    .build())) {
      try (StatefulRedisConnection<String, String> connection = holder.client.connect()) {
        assertThat(connection.sync().set("k", "v")).isEqualTo("OK");
        assertThat(connection.sync().get("k")).isEqualTo("v");
      }
    }
  }

  /** Shuts a Lettuce client down with try-with-resources. */
  private record RedisClientHolder(RedisClient client) implements AutoCloseable {
    RedisClientHolder(RedisURI uri) {
      this(RedisClient.create(uri));
    }

    @Override
    public void close() {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
