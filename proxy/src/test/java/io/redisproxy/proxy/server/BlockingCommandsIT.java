package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Blocking commands wait on a connection of their own; nobody else waits with them. */
class BlockingCommandsIT {
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
  void blpopIsServedWhenAnotherClientPushes() {
    try (RespSocket blocked = fixture.client();
        RespSocket pusher = fixture.client()) {
      blocked.send("BLPOP", "jobs", "5");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> blockedClients(fixture.shardOf("jobs")) == 1);
      long start = System.nanoTime();
      assertThat(pusher.command("RPUSH", "jobs", "job-1")).isEqualTo(1L);
      assertThat(blocked.readReply()).isEqualTo(List.of("jobs", "job-1"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(blocked.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void xreadWithBlockWaitsForTheNextEntry() {
    try (RespSocket reader = fixture.client();
        RespSocket writer = fixture.client()) {
      writer.command("XADD", "events", "1-1", "n", "1");
      reader.send("XREAD", "BLOCK", "5000", "STREAMS", "events", "$");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> blockedClients(fixture.shardOf("events")) == 1);
      writer.command("XADD", "events", "2-1", "n", "2");
      assertThat(reader.readReply().toString()).contains("events", "2-1", "n", "2");
    }
  }

  @Test
  void aTimedOutBlockAnswersNilAndKeepsTheOrder() {
    try (RespSocket client = fixture.client()) {
      client.send("SET", "before", "1");
      client.send("BRPOP", "empty", "0.2");
      client.send("GET", "before");
      assertThat(client.readReply()).isEqualTo("OK");
      assertThat(client.readReply()).isNull();
      assertThat(client.readReply()).isEqualTo("1");
    }
  }

  @Test
  void manyBlockedClientsDoNotSlowOthers() {
    List<RespSocket> blocked = new ArrayList<>();
    try (RespSocket other = fixture.client()) {
      for (int i = 0; i < 20; i++) {
        RespSocket client = fixture.client();
        blocked.add(client);
        client.send("BLPOP", "queue:" + i, "10");
      }
      long slowest = 0;
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        assertThat(other.command("SET", "k" + i, "v")).isEqualTo("OK");
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(500));
    } finally {
      blocked.forEach(RespSocket::close);
    }
  }

  @Test
  void aClientLeavingWhileBlockedFreesItsConnection() {
    RedisServer shard = fixture.shardOf("gone");
    RespSocket client = fixture.client();
    client.send("BLPOP", "gone", "0");
    await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(shard) == 1);
    client.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(shard) == 0);
  }

  @Test
  void keysOnDifferentShardsAreRefused() {
    String first = "a";
    RedisServer owner = fixture.shardOf(first);
    String second = "b";
    for (int i = 0; fixture.shardOf(second) == owner; i++) {
      second = "b" + i;
    }
    String other = second;
    try (RespSocket client = fixture.client()) {
      assertThatThrownBy(() -> client.command("BLPOP", first, other, "1"))
          .hasMessageStartingWith("CROSSSLOT");
    }
  }

  @Test
  void jedisAndLettuceBlockUnmodified() throws Exception {
    int port = fixture.server().port();
    io.lettuce.core.RedisClient lettuce =
        io.lettuce.core.RedisClient.create(io.lettuce.core.RedisURI.create("127.0.0.1", port));
    try (Jedis consumer = new Jedis("127.0.0.1", port);
        Jedis producer = new Jedis("127.0.0.1", port);
        var connection = lettuce.connect()) {
      CompletableFuture<List<String>> popped =
          CompletableFuture.supplyAsync(() -> consumer.blpop(5, "jedis:jobs"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> blockedClients(fixture.shardOf("jedis:jobs")) == 1);
      producer.rpush("jedis:jobs", "j1");
      assertThat(popped.get(5, TimeUnit.SECONDS)).containsExactly("jedis:jobs", "j1");

      var brpop = connection.async().brpop(5, "lettuce:jobs");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> blockedClients(fixture.shardOf("lettuce:jobs")) == 1);
      producer.rpush("lettuce:jobs", "l1");
      var value = brpop.get(5, TimeUnit.SECONDS);
      assertThat(value.getKey()).isEqualTo("lettuce:jobs");
      assertThat(value.getValue()).isEqualTo("l1");
    } finally {
      lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void aClientBlockedOnAShardThatDiesGetsAnErrorAndGoesOn() {
    try (ProxyFixture own = ProxyFixture.start(3);
        RespSocket client = own.client()) {
      RedisServer shard = own.shardOf("doomed");
      client.send("BLPOP", "doomed", "0");
      await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(shard) == 1);
      shard.kill();
      assertThat(((RedisErrorReply) client.readReply()).getMessage())
          .startsWith("ERR upstream main/" + shard.address() + " unavailable: connection to");
      assertThat(client.command("PING")).isEqualTo("PONG");
    }
  }

  /**
   * Redis would have answered nil once the timeout passed; a shard that stops answering makes the
   * proxy answer an error after the timeout and then the op timeout (1 s here), and close the
   * connection to it.
   */
  @Test
  void aBlockOnAShardThatHangsEndsWithAnErrorAfterItsTimeoutAndTheOperationTimeout() {
    try (ProxyFixture own = ProxyFixture.start(1);
        RespSocket client = own.client()) {
      RedisServer shard = own.redis().list().get(0);
      client.send("BLPOP", "stuck", "0.5");
      await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(shard) == 1);
      shard.pause();
      try {
        long start = System.nanoTime();
        assertThat(((RedisErrorReply) client.readReply()).getMessage())
            .isEqualTo(
                "ERR upstream main/"
                    + shard.address()
                    + " timed out after 1500 ms (the command's timeout, then timeouts.operation)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(client.command("PING")).isEqualTo("PONG");
      } finally {
        shard.resume();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients(shard) == 0);
    }
  }

  private static long blockedClients(RedisServer server) {
    return Long.parseLong(server.info("clients").get("blocked_clients"));
  }
}
