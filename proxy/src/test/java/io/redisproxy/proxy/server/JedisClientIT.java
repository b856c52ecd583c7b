package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Jedis, unmodified and with its defaults, runs a mixed workload through the proxy. */
class JedisClientIT {
  private static ProxyFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ProxyFixture.start(3);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /**
   * Jedis in RESP3. Its client-side cache is left out: Jedis enables it only for servers that
   * announce Redis 7.4 or later, and the proxy announces the version its command table follows.
   */
  @Test
  void resp3TransactionsScriptsAndPubSub() throws Exception {
    JedisClientConfig resp3 =
        DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
    HostAndPort proxy = new HostAndPort("127.0.0.1", fixture.server().port());
    try (RedisClient jedis = RedisClient.builder().hostAndPort(proxy).clientConfig(resp3).build();
        Jedis writer = new Jedis("127.0.0.1", fixture.server().port())) {
      jedis.ping();
      assertThat(writer.clientList()).contains(" resp=3 ");
      jedis.hset("h:resp3", Map.of("a", "1"));
      assertThat(jedis.hgetAll("h:resp3")).isEqualTo(Map.of("a", "1"));
      jedis.zadd("z:resp3", 1.5, "m");
      assertThat(jedis.zscore("z:resp3", "m")).isEqualTo(1.5);

      AbstractTransaction transaction = jedis.multi();
      transaction.hset("{cart}:1", "item", "pen");
      transaction.hgetAll("{cart}:1");
      assertThat(transaction.exec()).containsExactly(1L, Map.of("item", "pen"));
      assertThat(jedis.eval("return redis.call('incrby', KEYS[1], 4)", List.of("n"), List.of()))
          .isEqualTo(4L);

      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      JedisPubSub listener =
          new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
              messages.add(channel + "=" + message);
              unsubscribe();
            }
          };
      Thread subscriber = new Thread(() -> jedis.subscribe(listener, "alerts"));
      subscriber.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> writer.publish("alerts", "fire") > 0);
      assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("alerts=fire");
      subscriber.join(10_000);
      assertThat(subscriber.isAlive()).isFalse();
    }
  }

  @Test
  void mixedWorkloadOverThreeShards() {
    try (Jedis jedis = new Jedis("127.0.0.1", fixture.server().port())) {
      jedis.flushAll();
      assertThat(jedis.set("s:1", "one")).isEqualTo("OK");
      assertThat(jedis.incr("counter")).isEqualTo(1L);
      assertThat(jedis.append("s:1", "!")).isEqualTo(4L);
      assertThat(jedis.setex("temp", 100, "t")).isEqualTo("OK");
      assertThat(jedis.ttl("temp")).isBetween(1L, 100L);
      assertThat(jedis.getDel("s:1")).isEqualTo("one!");
      jedis.hset("h:1", Map.of("a", "1", "b", "2"));
      assertThat(jedis.hgetAll("h:1")).containsEntry("a", "1").containsEntry("b", "2");
      jedis.rpush("l:1", "x", "y", "z");
      assertThat(jedis.lrange("l:1", 0, -1)).containsExactly("x", "y", "z");
      jedis.sadd("set:1", "a", "b");
      assertThat(jedis.smembers("set:1")).containsExactlyInAnyOrder("a", "b");
      jedis.zadd("z:1", Map.of("a", 1.0, "b", 2.0));
      assertThat(jedis.zrange("z:1", 0, -1)).containsExactly("a", "b");
      assertThat(jedis.mset("m:1", "1", "m:2", "2", "m:3", "3")).isEqualTo("OK");
      assertThat(jedis.mget("m:1", "m:2", "nope", "m:3")).containsExactly("1", "2", null, "3");
      assertThat(jedis.expire("m:1", 50)).isEqualTo(1L);
      assertThat(jedis.del("m:1", "m:2", "m:3")).isEqualTo(3L);
      assertThat(fixture.shardOf("h:1").command("HGET", "h:1", "a")).isEqualTo("1");
    }
  }

  @Test
  void scanVisitsEveryKeyOnceAndPipelinesKeepOrder() {
    try (Jedis jedis = new Jedis("127.0.0.1", fixture.server().port())) {
      jedis.flushAll();
      Pipeline pipeline = jedis.pipelined();
      List<Response<String>> gets = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        pipeline.set("key:" + i, "v" + i);
        gets.add(pipeline.get("key:" + i));
      }
      pipeline.sync();
      for (int i = 0; i < 1000; i++) {
        assertThat(gets.get(i).get()).isEqualTo("v" + i);
      }
      Set<String> seen = new HashSet<>();
      List<String> all = new ArrayList<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      int pages = 0;
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(100));
        all.addAll(page.getResult());
        seen.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && ++pages < 10_000);
      assertThat(seen).hasSize(1000);
      assertThat(all).hasSize(1000);
      for (int i = 0; i < 1000; i += 97) {
        assertThat(fixture.shardOf("key:" + i).command("GET", "key:" + i)).isEqualTo("v" + i);
      }
    }
  }
}
