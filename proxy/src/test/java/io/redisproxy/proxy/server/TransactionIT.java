package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;

/** MULTI ... EXEC through the proxy: atomic on the shard of its keys. */
class TransactionIT {
  private static ProxyFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ProxyFixture.start(3);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aTransactionOnOneShardRunsAtomically() throws Exception {
    try (RespSocket setup = fixture.client()) {
      setup.command("SET", "{acct}:a", "0");
      setup.command("SET", "{acct}:b", "0");
    }
    // Concurrent transactions move one unit from a to b; the sum must never drift.
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            threads.submit(
                () -> {
                  try (RespSocket client = fixture.client()) {
                    for (int i = 0; i < 200; i++) {
                      assertThat(client.command("MULTI")).isEqualTo("OK");
                      assertThat(client.command("DECR", "{acct}:a")).isEqualTo("QUEUED");
                      assertThat(client.command("INCR", "{acct}:b")).isEqualTo("QUEUED");
                      List<?> results = (List<?>) client.command("EXEC");
                      assertThat((Long) results.get(0) + (Long) results.get(1))
                          .isBetween(-800L, 800L);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    try (RespSocket client = fixture.client()) {
      assertThat(client.command("GET", "{acct}:a")).isEqualTo("-800");
      assertThat(client.command("GET", "{acct}:b")).isEqualTo("800");
    }
  }

  @Test
  void keysOnAnotherShardAbortTheTransaction() {
    try (RespSocket client = fixture.client()) {
      String first = "x";
      String second = "y";
      for (int i = 0; fixture.shardOf(second) == fixture.shardOf(first); i++) {
        second = "y" + i;
      }
      String other = second;
      client.command("MULTI");
      assertThat(client.command("SET", first, "1")).isEqualTo("QUEUED");
      assertThatThrownBy(() -> client.command("SET", other, "2"))
          .hasMessageStartingWith("CROSSSLOT");
      assertThatThrownBy(() -> client.command("EXEC"))
          .hasMessage("EXECABORT Transaction discarded because of previous errors.");
      assertThat(client.command("EXISTS", first)).isEqualTo(0L);
    }
  }

  @Test
  void discardAndMisuseAnswerAsRedis() {
    try (RespSocket client = fixture.client()) {
      assertThatThrownBy(() -> client.command("EXEC")).hasMessage("ERR EXEC without MULTI");
      assertThatThrownBy(() -> client.command("DISCARD")).hasMessage("ERR DISCARD without MULTI");
      client.command("MULTI");
      assertThatThrownBy(() -> client.command("MULTI"))
          .hasMessage("ERR MULTI calls can not be nested");
      assertThat(client.command("SET", "d", "1")).isEqualTo("QUEUED");
      assertThat(client.command("DISCARD")).isEqualTo("OK");
      assertThat(client.command("EXISTS", "d")).isEqualTo(0L);
      client.command("MULTI");
      assertThat(client.command("EXEC")).isEqualTo(List.of());
      client.command("MULTI");
      assertThatThrownBy(() -> client.command("GET")).isInstanceOf(RedisErrorReply.class);
      assertThatThrownBy(() -> client.command("EXEC")).hasMessageStartingWith("EXECABORT");
    }
  }

  @Test
  void jedisTransactionsWork() {
    try (Jedis jedis = new Jedis("127.0.0.1", fixture.server().port())) {
      var transaction = jedis.multi();
      Response<String> set = transaction.set("{t}:1", "a");
      Response<Long> push = transaction.rpush("{t}:list", "x", "y");
      Response<String> get = transaction.get("{t}:1");
      transaction.exec();
      assertThat(set.get()).isEqualTo("OK");
      assertThat(push.get()).isEqualTo(2L);
      assertThat(get.get()).isEqualTo("a");
    }
  }

  @Test
  void execAfterWatchRunsOnlyWhenNoWatchedKeyChanged() {
    try (RespSocket client = fixture.client();
        RespSocket other = fixture.client()) {
      client.command("SET", "{w}:balance", "10");
      assertThat(client.command("WATCH", "{w}:balance", "{w}:limit")).isEqualTo("OK");
      assertThat(client.command("GET", "{w}:balance")).isEqualTo("10");
      other.command("SET", "{w}:balance", "99");
      client.command("MULTI");
      assertThat(client.command("SET", "{w}:balance", "11")).isEqualTo("QUEUED");
      assertThat(client.command("EXEC")).isNull();
      assertThat(client.command("GET", "{w}:balance")).isEqualTo("99");

      assertThat(client.command("WATCH", "{w}:balance")).isEqualTo("OK");
      client.command("MULTI");
      client.command("INCR", "{w}:balance");
      assertThat(client.command("EXEC")).isEqualTo(List.of(100L));

      // After UNWATCH a change by another client no longer matters.
      client.command("WATCH", "{w}:balance");
      assertThat(client.command("UNWATCH")).isEqualTo("OK");
      other.command("SET", "{w}:balance", "1");
      client.command("MULTI");
      client.command("INCR", "{w}:balance");
      assertThat(client.command("EXEC")).isEqualTo(List.of(2L));

      // An empty transaction still answers nil when a watched key changed.
      client.command("WATCH", "{w}:balance");
      other.command("DEL", "{w}:balance");
      client.command("MULTI");
      assertThat(client.command("EXEC")).isNull();
    }
  }

  @Test
  void watchRefusesKeysOfTwoShardsAndWatchInsideMulti() {
    String first = "wa";
    String second = "wb";
    for (int i = 0; fixture.shardOf(second) == fixture.shardOf(first); i++) {
      second = "wb" + i;
    }
    String other = second;
    try (RespSocket client = fixture.client()) {
      assertThatThrownBy(() -> client.command("WATCH", first, other))
          .hasMessageStartingWith("CROSSSLOT");
      assertThat(client.command("WATCH", first)).isEqualTo("OK");
      assertThatThrownBy(() -> client.command("WATCH", other)).hasMessageStartingWith("CROSSSLOT");
      client.command("MULTI");
      assertThatThrownBy(() -> client.command("WATCH", first))
          .hasMessage("ERR WATCH inside MULTI is not allowed");
      assertThatThrownBy(() -> client.command("SET", other, "1"))
          .hasMessageStartingWith("CROSSSLOT");
      assertThatThrownBy(() -> client.command("EXEC")).hasMessageStartingWith("EXECABORT");
    }
  }

  /** Optimistic locking, the reason WATCH exists: concurrent increments lose nothing. */
  @Test
  void jedisOptimisticIncrementsLoseNoUpdate() throws Exception {
    try (Jedis setup = new Jedis("127.0.0.1", fixture.server().port())) {
      setup.set("{opt}:counter", "0");
    }
    int threads = 4;
    int increments = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        runs.add(
            pool.submit(
                () -> {
                  int retries = 0;
                  try (Jedis jedis = new Jedis("127.0.0.1", fixture.server().port())) {
                    for (int done = 0; done < increments; ) {
                      jedis.watch("{opt}:counter");
                      long value = Long.parseLong(jedis.get("{opt}:counter"));
                      var transaction = jedis.multi();
                      transaction.set("{opt}:counter", String.valueOf(value + 1));
                      if (transaction.exec() != null) {
                        done++;
                      } else {
                        retries++;
                      }
                    }
                  }
                  return retries;
                }));
      }
      for (Future<Integer> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Jedis check = new Jedis("127.0.0.1", fixture.server().port())) {
      assertThat(check.get("{opt}:counter")).isEqualTo(String.valueOf(threads * increments));
    }
  }
}
