package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.testkit.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RESP3 through the proxy over three shards beside one redis-server: HELLO 3 switches the
 * connection, replies of every type come as Redis writes them (forwarded, merged and the proxy's
 * own), and pub/sub messages arrive as pushes on the connection that also runs commands.
 */
class Resp3IT {
  private static SideBySide sides;
  private static List<String> keys;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
    keys = ScriptingIT.keysOnEveryShard(sides);
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  @BeforeEach
  void flush() {
    sides.flush();
  }

  @Test
  void helloSwitchesProtocolsBothWays() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("HELLO", "4"));
      pair.assertSame(List.of("HELLO", "3", "AUTH", "nobody", "wrong"));
      pair.assertSame(List.of("AUTH", "default", "anything"));
      pair.assertSame(List.of("AUTH", "nobody", "anything"));
      pair.assertSame(List.of("HELLO", "3", "FOO"));
      pair.assertSame(List.of("GET", "missing"));
      String[] hello = pair.replies(List.of("HELLO", "3", "SETNAME", "resp3-client"));
      assertThat(withoutId(hello[0])).isEqualTo(withoutId(hello[1])).startsWith("%7\r\n");
      assertThat(hello[0]).contains("$5\r\nproto\r\n:3\r\n");
      pair.assertSame(List.of("CLIENT", "GETNAME"));
      pair.assertSame(List.of("GET", "missing"));
      String[] again = pair.replies(List.of("HELLO"));
      assertThat(withoutId(again[0])).isEqualTo(withoutId(again[1])).startsWith("%7\r\n");
      String[] back = pair.replies(List.of("HELLO", "2"));
      assertThat(withoutId(back[0])).isEqualTo(withoutId(back[1])).startsWith("*14\r\n");
      pair.assertSame(List.of("GET", "missing"));
      pair.assertSame(List.of("HGETALL", "missing"));
    }
  }

  @Test
  void repliesOfEveryTypeComeAsRedisWritesThem() {
    try (SideBySide.Pair pair = sides.connect(true)) {
      String key = keys.get(0);
      for (List<String> command :
          List.of(
              List.of("HSET", key, "field", "value", "other", "2"),
              List.of("HGETALL", key),
              List.of("HRANDFIELD", "missing", "2"),
              List.of("ZADD", keys.get(1), "1.5", "a", "2", "b"),
              List.of("ZSCORE", keys.get(1), "a"),
              List.of("ZRANGE", keys.get(1), "0", "-1", "WITHSCORES"),
              List.of("ZPOPMIN", keys.get(1)),
              List.of("SADD", keys.get(2), "only"),
              List.of("SMEMBERS", keys.get(2)),
              List.of("XADD", "{x}stream", "1-1", "f", "v"),
              List.of("XREAD", "STREAMS", "{x}stream", "0"),
              List.of("XINFO", "STREAM", "{x}stream"),
              List.of("GET", "missing"),
              List.of("MGET", keys.get(0), "missing", keys.get(2)),
              List.of("SET", "a", "1"),
              List.of("MSET", keys.get(0) + ":s", "1", keys.get(1) + ":s", "2"),
              List.of("EXISTS", "a", keys.get(0), keys.get(1), "missing"),
              List.of("CONFIG", "GET", "maxmemory"),
              List.of("FUNCTION", "STATS"),
              List.of("FUNCTION", "LIST"),
              List.of("SCRIPT", "EXISTS", "0000000000000000000000000000000000000000"),
              List.of("EVAL", "return {1, 2, {3, 'x'}, redis.call('get', 'missing')}", "0"),
              List.of(
                  "EVAL",
                  "redis.setresp(3); return redis.call('hgetall', KEYS[1])",
                  "1",
                  keys.get(0)),
              List.of("EVAL", "return {double=3.5}", "0"),
              List.of("COMMAND", "INFO", "no-such-command"),
              List.of("CLIENT", "GETNAME"),
              List.of("OBJECT", "ENCODING", key),
              List.of("DEL", key, keys.get(1), keys.get(2), "a"))) {
        pair.assertSame(command);
      }
      pair.assertSame(List.of("FLUSHALL"));
      pair.assertSame(List.of("RANDOMKEY"));
    }
  }

  @Test
  void transactionsAnswerInResp3() {
    try (SideBySide.Pair pair = sides.connect(true)) {
      for (List<String> command :
          List.of(
              List.of("MULTI"),
              List.of("PING"),
              List.of("HSET", "{t}hash", "f", "v"),
              List.of("HGETALL", "{t}hash"),
              List.of("GET", "{t}missing"),
              List.of("ECHO", "x"),
              List.of("EXEC"),
              List.of("WATCH", "{t}hash"),
              List.of("HSET", "{t}hash", "f", "changed"),
              List.of("MULTI"),
              List.of("ZSCORE", "{t}zset", "m"),
              List.of("EXEC"),
              List.of("MULTI"),
              List.of("ZADD", "{t}zset", "2.5", "m"),
              List.of("ZSCORE", "{t}zset", "m"),
              List.of("EXEC"))) {
        pair.assertSame(command);
      }
    }
  }

  @Test
  void serverTextComesAsVerbatimStrings() {
    try (SideBySide.Pair pair = sides.connect(true)) {
      for (List<String> command :
          List.of(
              List.of("INFO", "server"),
              List.of("INFO", "keyspace"),
              List.of("CLIENT", "INFO"),
              List.of("CLIENT", "LIST"))) {
        String[] replies = pair.replies(command);
        assertThat(replies[1]).as("redis-server's reply to %s", command).startsWith("=");
        assertThat(replies[0]).as("reply to %s", command).matches("(?s)=\\d+\r\ntxt:.*\r\n");
        int length = Integer.parseInt(replies[0].substring(1, replies[0].indexOf('\r')));
        assertThat(replies[0].length() - replies[0].indexOf('\n') - 3).isEqualTo(length);
      }
      assertThat(pair.replies(List.of("CLIENT", "INFO"))[0]).contains(" resp=3 ");
    }
  }

  @Test
  void pubSubMessagesArriveAsPushesBesideReplies() {
    try (SideBySide.Pair subscriber = sides.connect(true);
        SideBySide.Pair publisher = sides.connect()) {
      subscriber.assertSame(List.of("UNSUBSCRIBE"));
      subscriber.assertSame(List.of("SUBSCRIBE", "news", "sports"));
      subscriber.assertSameNext();
      subscriber.assertSame(List.of("PSUBSCRIBE", "weather.*"));
      subscriber.assertSame(List.of("SET", "k", "v"));
      subscriber.assertSame(List.of("GET", "k"));
      subscriber.assertSame(List.of("PING"));
      subscriber.assertSame(List.of("PING", "hi"));
      publisher.assertSame(List.of("PUBLISH", "news", "hello"));
      publisher.assertSame(List.of("PUBLISH", "weather.rain", "wet"));
      assertThat(SideBySide.text(subscriber.viaProxy().readReply()))
          .isEqualTo(SideBySide.text(subscriber.direct().readReply()))
          .isEqualTo(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
      assertThat(subscriber.assertSameNext()).startsWith(">4\r\n$8\r\npmessage\r\n");
      subscriber.assertSame(List.of("UNSUBSCRIBE", "news"));
      subscriber.assertSame(List.of("PUNSUBSCRIBE"));
      subscriber.assertSame(List.of("UNSUBSCRIBE"));
      subscriber.assertSame(List.of("UNSUBSCRIBE"));
      subscriber.assertSame(List.of("GET", "k"));
    }
  }

  @Test
  void resp2ClientsKeepResp2BesideResp3Ones() {
    try (SideBySide.Pair resp3 = sides.connect(true);
        SideBySide.Pair resp2 = sides.connect()) {
      resp3.assertSame(List.of("HSET", keys.get(0), "f", "v"));
      resp3.assertSame(List.of("HGETALL", keys.get(0)));
      resp2.assertSame(List.of("HGETALL", keys.get(0)));
      resp2.assertSame(List.of("GET", "missing"));
      resp3.assertSame(List.of("GET", "missing"));
      assertThat(resp2.replies(List.of("HGETALL", keys.get(0)))[0]).startsWith("*2\r\n");
    }
  }

  @Test
  void aShardDownAnswersResp3ClientsWithAnError() {
    RedisServer shard = sides.proxy().shardOf(keys.get(1));
    try (SideBySide.Pair pair = sides.connect(true)) {
      pair.assertSame(List.of("SET", keys.get(1), "v"));
      shard.pause();
      try {
        String reply = SideBySide.text(pair.viaProxy().command(List.of("GET", keys.get(1))));
        assertThat(reply).startsWith("-ERR upstream ").contains("timed out");
      } finally {
        shard.resume();
      }
    }
  }

  /**
   * A HELLO reply without its connection id, which each server numbers on its own, and without the
   * version: the proxy names the Redis version its command table follows.
   */
  private static String withoutId(String hello) {
    return hello
        .replaceFirst("\\$2\r\nid\r\n:\\d+\r\n", "")
        .replaceFirst("\\$7\r\nversion\r\n\\$\\d+\r\n[0-9.]+\r\n", "");
  }
}
