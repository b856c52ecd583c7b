package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.AuthConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
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
      assertThat(sync.mset(Map.of("x", "1", "y", "2", "z", "3"))).isEqualTo("OK");
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
  @SuppressWarnings("unchecked")
  void transactionsScriptsPubSubAndClientSideCachingWorkInResp3() throws Exception {
    try (StatefulRedisConnection<String, String> connection = client.connect();
        StatefulRedisConnection<String, String> writer = client.connect();
        StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub()) {
      RedisCommands<String, String> sync = connection.sync();
      sync.multi();
      sync.hset("{order}:1", Map.of("item", "book", "count", "2"));
      sync.hgetall("{order}:1");
      sync.ping();
      TransactionResult result = sync.exec();
      assertThat(result.wasDiscarded()).isFalse();
      assertThat((Map<String, String>) result.get(1)).containsEntry("item", "book");
      assertThat(result.<String>get(2)).isEqualTo("PONG");
      String sha = sync.scriptLoad("return redis.call('incrby', KEYS[1], ARGV[1])");
      for (String key : List.of("script:a", "script:b", "script:c")) {
        assertThat((Long) sync.evalsha(sha, ScriptOutputType.INTEGER, new String[] {key}, "3"))
            .isEqualTo(3L);
      }
      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      subscriber.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              messages.add(channel + "=" + message);
            }
          });
      subscriber.sync().subscribe("news");
      assertThat(subscriber.sync().ping()).isEqualTo("PONG");
      writer.sync().publish("news", "hello");
      assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("news=hello");

      Map<String, String> local = new ConcurrentHashMap<>();
      CacheFrontend<String, String> cache =
          ClientSideCaching.enable(
              CacheAccessor.forMap(local), connection, TrackingArgs.Builder.enabled());
      List<String> keys = List.of("cached:a", "cached:b", "cached:c", "cached:d");
      for (String key : keys) {
        writer.sync().set(key, "v1");
        assertThat(cache.get(key)).isEqualTo("v1");
      }
      assertThat(local).hasSize(keys.size());
      for (String key : keys) {
        writer.sync().set(key, "v2");
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(local::isEmpty);
      for (String key : keys) {
        assertThat(cache.get(key)).isEqualTo("v2");
      }
      cache.close();
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
