package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Pub/sub over three hash-sharded redis-servers: one channel space, as on one server. */
class PubSubIT {
  private static ProxyFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ProxyFixture.start(3);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** Channels named {@code prefix0, prefix1, ...} until every shard holds at least one. */
  private static List<String> channelsOnEveryShard(String prefix) {
    List<String> channels = new ArrayList<>();
    Set<RedisServer> shards = new HashSet<>();
    for (int i = 0; shards.size() < 3; i++) {
      channels.add(prefix + i);
      shards.add(fixture.shardOf(prefix + i));
    }
    return channels;
  }

  @Test
  void subscriptionsAreConfirmedWithCountsAndHeldWherePublishSendsTheChannel() {
    List<String> channels = channelsOnEveryShard("news.");
    try (RespSocket subscriber = fixture.client();
        RespSocket publisher = fixture.client()) {
      String[] subscribe = new String[channels.size() + 1];
      subscribe[0] = "SUBSCRIBE";
      for (int i = 0; i < channels.size(); i++) {
        subscribe[i + 1] = channels.get(i);
      }
      subscriber.send(subscribe);
      for (int i = 0; i < channels.size(); i++) {
        assertThat(subscriber.readReply())
            .isEqualTo(List.of("subscribe", channels.get(i), (long) i + 1));
      }
      for (String channel : channels) {
        assertThat(fixture.shardOf(channel).command("PUBSUB", "NUMSUB", channel))
            .isEqualTo(List.of(channel, 1L));
        assertThat(publisher.command("PUBLISH", channel, "hello " + channel)).isEqualTo(1L);
        assertThat(subscriber.readReply())
            .isEqualTo(List.of("message", channel, "hello " + channel));
      }
      subscriber.send("UNSUBSCRIBE", channels.get(0));
      assertThat(subscriber.readReply())
          .isEqualTo(List.of("unsubscribe", channels.get(0), (long) channels.size() - 1));
      assertThat(publisher.command("PUBLISH", channels.get(0), "nobody")).isEqualTo(0L);
    }
  }

  @Test
  void aPatternGetsEveryMatchingMessageOnceFromEveryShard() {
    List<String> channels = channelsOnEveryShard("sport.");
    try (RespSocket subscriber = fixture.client();
        RespSocket publisher = fixture.client()) {
      subscriber.send("PSUBSCRIBE", "sport.*");
      assertThat(subscriber.readReply()).isEqualTo(List.of("psubscribe", "sport.*", 1L));
      for (String channel : channels) {
        assertThat(publisher.command("PUBLISH", channel, "goal")).isEqualTo(1L);
      }
      // Order holds per channel; channels of different shards arrive on different connections.
      List<Object> messages = new ArrayList<>();
      List<Object> expected = new ArrayList<>();
      for (String channel : channels) {
        messages.add(subscriber.readReply());
        expected.add(List.of("pmessage", "sport.*", channel, "goal"));
      }
      assertThat(messages).containsExactlyInAnyOrderElementsOf(expected);
      // Nothing came twice: the next thing the subscriber reads is the answer to its PING.
      subscriber.send("PING", "done");
      assertThat(subscriber.readReply()).isEqualTo(List.of("pong", "done"));
    }
  }

  @Test
  void aSubscribedClientMayOnlySubscribePingOrQuitUntilItUnsubscribesFromEverything() {
    try (RespSocket client = fixture.client()) {
      client.send("SUBSCRIBE", "alerts");
      client.send("PSUBSCRIBE", "alerts.*");
      client.send("GET", "k");
      client.send("PING");
      client.send("UNSUBSCRIBE");
      client.send("PUNSUBSCRIBE");
      client.send("GET", "k");
      assertThat(client.readReply()).isEqualTo(List.of("subscribe", "alerts", 1L));
      assertThat(client.readReply()).isEqualTo(List.of("psubscribe", "alerts.*", 2L));
      assertThat(client.readReply())
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.type(RedisErrorReply.class))
          .extracting(RedisErrorReply::getMessage)
          .isEqualTo(
              "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT /"
                  + " RESET are allowed in this context");
      assertThat(client.readReply()).isEqualTo(List.of("pong", ""));
      assertThat(client.readReply()).isEqualTo(List.of("unsubscribe", "alerts", 1L));
      assertThat(client.readReply()).isEqualTo(List.of("punsubscribe", "alerts.*", 0L));
      assertThat(client.readReply()).isNull();
      client.send("UNSUBSCRIBE");
      assertThat(client.readReply()).isEqualTo(java.util.Arrays.asList("unsubscribe", null, 0L));
    }
  }

  @Test
  void pubsubQuestionsAreAnsweredForTheWholeChannelSpace() {
    List<String> channels = channelsOnEveryShard("q.");
    try (RespSocket first = fixture.client();
        RespSocket second = fixture.client();
        RespSocket asker = fixture.client()) {
      for (String channel : channels) {
        first.send("SUBSCRIBE", channel);
        first.readReply();
      }
      second.send("SUBSCRIBE", channels.get(0));
      second.readReply();
      second.send("PSUBSCRIBE", "q.*");
      second.readReply();
      @SuppressWarnings("unchecked")
      List<Object> listed = (List<Object>) asker.command("PUBSUB", "CHANNELS", "q.*");
      assertThat(listed).containsExactlyInAnyOrderElementsOf(channels);
      assertThat(asker.command("PUBSUB", "NUMSUB", channels.get(0), channels.get(1), "none"))
          .isEqualTo(List.of(channels.get(0), 2L, channels.get(1), 1L, "none", 0L));
      assertThat(asker.command("PUBSUB", "NUMPAT")).isEqualTo(1L);
    }
  }

  @Test
  void shardChannelsWorkOnShardedUpstreamsToo() {
    List<String> channels = channelsOnEveryShard("s.");
    try (RespSocket subscriber = fixture.client();
        RespSocket publisher = fixture.client()) {
      for (int i = 0; i < channels.size(); i++) {
        subscriber.send("SSUBSCRIBE", channels.get(i));
        assertThat(subscriber.readReply())
            .isEqualTo(List.of("ssubscribe", channels.get(i), (long) i + 1));
      }
      for (String channel : channels) {
        assertThat(publisher.command("SPUBLISH", channel, "m")).isEqualTo(1L);
        assertThat(subscriber.readReply()).isEqualTo(List.of("smessage", channel, "m"));
      }
      String otherShard =
          channels.stream()
              .filter(c -> !fixture.shardOf(c).equals(fixture.shardOf(channels.get(0))))
              .findFirst()
              .orElseThrow();
      subscriber.send("SSUBSCRIBE", channels.get(0), otherShard);
      assertThat(((RedisErrorReply) subscriber.readReply()).getMessage()).startsWith("CROSSSLOT");
    }
  }

  @Test
  void aLeavingSubscriberIsForgottenByTheShards() {
    String channel = "leaving";
    RedisServer shard = fixture.shardOf(channel);
    try (RespSocket subscriber = fixture.client()) {
      subscriber.send("SUBSCRIBE", channel);
      subscriber.readReply();
      assertThat(shard.command("PUBSUB", "NUMSUB", channel)).isEqualTo(List.of(channel, 1L));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> shard.command("PUBSUB", "NUMSUB", channel).equals(List.of(channel, 0L)));
  }

  /**
   * A subscriber that stops reading makes the proxy stop reading its messages, so Redis holds them
   * and, past its pub/sub output limit (32 MB), drops the subscription; the proxy never buffers the
   * flood itself. The subscriber gets what was in flight, then the reason, then the close.
   */
  @Test
  void aSubscriberThatStopsReadingIsCutOffByRedisNotBufferedByTheProxy() {
    String channel = "flood";
    RedisServer shard = fixture.shardOf(channel);
    int messages = 1024;
    String payload = "x".repeat(64 * 1024);
    try (RespSocket subscriber = fixture.client()) {
      subscriber.send("SUBSCRIBE", channel);
      subscriber.readReply();
      for (int i = 0; i < messages; i++) {
        shard.command("PUBLISH", channel, payload);
      }
      int received = 0;
      Object reply;
      while ((reply = subscriber.readReply()) instanceof List<?>) {
        received++;
      }
      assertThat(reply).isInstanceOf(RedisErrorReply.class);
      assertThat(((RedisErrorReply) reply).getMessage()).contains("unavailable");
      assertThat(received).isLessThan(messages / 2);
      assertThat(subscriber.closedByPeer()).isTrue();
    }
  }

  @Test
  void jedisSubscribesAndReceivesUnmodified() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    JedisPubSub listener =
        new JedisPubSub() {
          @Override
          public void onMessage(String channel, String message) {
            received.add(channel + "=" + message);
          }

          @Override
          public void onPMessage(String pattern, String channel, String message) {
            received.add(pattern + ":" + channel + "=" + message);
          }

          @Override
          public void onSubscribe(String channel, int count) {
            if (count == 2) {
              subscribed.complete(null);
            }
          }
        };
    int port = fixture.server().port();
    Thread thread =
        new Thread(
            () -> {
              try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.subscribe(listener, "orders", "payments");
              }
            });
    thread.start();
    try (Jedis publisher = new Jedis("127.0.0.1", port)) {
      subscribed.get(5, TimeUnit.SECONDS);
      listener.psubscribe("pay*");
      await().atMost(Duration.ofSeconds(5)).until(() -> listener.getSubscribedChannels() == 3);
      assertThat(publisher.publish("orders", "o1")).isEqualTo(1L);
      assertThat(publisher.publish("payments", "p1")).isEqualTo(2L);
      Set<String> messages = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        messages.add(received.poll(5, TimeUnit.SECONDS));
      }
      assertThat(messages)
          .containsExactlyInAnyOrder("orders=o1", "payments=p1", "pay*:payments=p1");
      listener.punsubscribe();
      listener.unsubscribe();
      thread.join(5000);
      assertThat(thread.isAlive()).isFalse();
      assertThat(publisher.publish("orders", "late")).isZero();
    }
  }

  @Test
  void lettuceSubscribesAndReceivesUnmodified() throws Exception {
    List<String> channels = channelsOnEveryShard("lettuce.");
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", fixture.server().port()));
    try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        Jedis publisher = new Jedis("127.0.0.1", fixture.server().port())) {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      subscriber.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              received.add(channel + "=" + message);
            }
          });
      // Lettuce takes a command's first confirmation as its answer and sends the next command at
      // once: confirmations from different shards arriving apart would be read as PING's answer.
      for (int round = 0; round < 50; round++) {
        subscriber.sync().subscribe(channels.toArray(String[]::new));
        List<String> expected = new ArrayList<>();
        for (String channel : channels) {
          assertThat(publisher.publish(channel, "r" + round)).isEqualTo(1L);
          expected.add(channel + "=r" + round);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
          got.add(received.poll(5, TimeUnit.SECONDS));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        subscriber.sync().unsubscribe(channels.toArray(String[]::new));
        assertThat(subscriber.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
