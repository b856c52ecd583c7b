package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commands through the proxy over three real redis-servers, checked on the servers themselves. */
class ShardedCommandsIT {
  private static ProxyFixture fixture;
  private RespSocket client;

  @BeforeAll
  static void startProxy() {
    fixture = ProxyFixture.start(3);
  }

  @AfterAll
  static void stopProxy() {
    fixture.close();
  }

  @BeforeEach
  void connect() {
    client = fixture.client();
    client.command("FLUSHALL");
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void keysLandOnTheShardTheRingNames() {
    for (int i = 0; i < 300; i++) {
      assertThat(client.command("SET", "key:" + i, "v" + i)).isEqualTo("OK");
    }
    Set<RedisServer> used = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      RedisServer owner = fixture.shardOf("key:" + i);
      used.add(owner);
      assertThat(owner.command("GET", "key:" + i)).isEqualTo("v" + i);
      for (RedisServer other : fixture.redis()) {
        if (other != owner) {
          assertThat(other.command("EXISTS", "key:" + i)).isEqualTo(0L);
        }
      }
      assertThat(client.command("GET", "key:" + i)).isEqualTo("v" + i);
    }
    assertThat(used).hasSize(3);
  }

  @Test
  void hashTagsKeepKeysTogether() {
    client.command("SET", "{user:7}:name", "ada");
    client.command("SET", "{user:7}:mail", "ada@example.org");
    RedisServer owner = fixture.shardOf("{user:7}:name");
    assertThat(owner.command("MGET", "{user:7}:name", "{user:7}:mail"))
        .isEqualTo(List.of("ada", "ada@example.org"));
    assertThat(client.command("RENAME", "{user:7}:name", "{user:7}:first")).isEqualTo("OK");
  }

  @Test
  void multiKeyCommandsSplitAndMergeInKeyOrder() {
    List<String> msetArgs = new ArrayList<>(List.of("MSET"));
    List<String> mgetArgs = new ArrayList<>(List.of("MGET"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      msetArgs.add("m" + i);
      msetArgs.add("value-" + i);
      mgetArgs.add("m" + i);
      expected.add("value-" + i);
      if (i % 10 == 0) {
        mgetArgs.add("missing" + i);
        expected.add(null);
      }
    }
    assertThat(client.command(msetArgs.toArray(String[]::new))).isEqualTo("OK");
    assertThat(client.command(mgetArgs.toArray(String[]::new))).isEqualTo(expected);
    for (int i = 0; i < 50; i++) {
      assertThat(fixture.shardOf("m" + i).command("GET", "m" + i)).isEqualTo("value-" + i);
    }
    assertThat(client.command("EXISTS", "m1", "m2", "m2", "nope")).isEqualTo(3L);
    assertThat(client.command("TOUCH", "m1", "m2", "nope")).isEqualTo(2L);
    assertThat(client.command("DEL", "m1", "m2", "m3", "nope")).isEqualTo(3L);
    assertThat(client.command("UNLINK", "m4", "m5")).isEqualTo(2L);
    assertThat(client.command("DBSIZE")).isEqualTo(45L);
  }

  @Test
  void largeMultiKeyRepliesArrivingInManyReadsMergeInKeyOrder() {
    List<String> mgetArgs = new ArrayList<>(List.of("MGET"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String value = (i + ":").repeat(1 + i % 400);
      if (i % 7 != 0) {
        fixture.shardOf("big" + i).command("SET", "big" + i, value);
      }
      mgetArgs.add("big" + i);
      expected.add(i % 7 != 0 ? value : null);
    }
    for (int round = 0; round < 3; round++) {
      client.send(mgetArgs.toArray(String[]::new));
    }
    for (int round = 0; round < 3; round++) {
      assertThat(client.readReply()).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void keysThatMustBeTogetherGetCrossSlotOtherwise() {
    String a = "alpha";
    String b = differentShardThan(a);
    client.command("SET", a, "1");
    assertThatThrownBy(() -> client.command("RENAME", a, b))
        .isInstanceOf(RedisErrorReply.class)
        .hasMessageStartingWith("CROSSSLOT");
    assertThatThrownBy(() -> client.command("MSETNX", a, "1", b, "2"))
        .hasMessageStartingWith("CROSSSLOT");
    assertThat(client.command("GET", a)).isEqualTo("1");
  }

  @Test
  void wholeKeyspaceCommandsCoverEveryShard() {
    for (int i = 0; i < 30; i++) {
      client.command("SET", "k" + i, "v");
    }
    assertThat(client.command("DBSIZE")).isEqualTo(30L);
    assertThat((List<?>) client.command("KEYS", "k*")).hasSize(30).doesNotHaveDuplicates();
    assertThat(client.command("RANDOMKEY")).asString().startsWith("k");
    Set<Object> scanned = new HashSet<>();
    String cursor = "0";
    int rounds = 0;
    do {
      List<?> page = (List<?>) client.command("SCAN", cursor, "COUNT", "5");
      cursor = (String) page.get(0);
      scanned.addAll((List<?>) page.get(1));
      rounds++;
    } while (!cursor.equals("0") && rounds < 1000);
    assertThat(scanned).hasSize(30);
    assertThat(client.command("FLUSHDB")).isEqualTo("OK");
    for (RedisServer shard : fixture.redis()) {
      assertThat(shard.command("DBSIZE")).isEqualTo(0L);
    }
    assertThat(client.command("RANDOMKEY")).isNull();
  }

  @Test
  void pipelinedRepliesComeBackInRequestOrderAcrossShards() {
    int requests = 2000;
    for (int i = 0; i < requests; i++) {
      client.send("SET", "p" + i, String.valueOf(i));
      client.send("GET", "p" + i);
      if (i % 100 == 0) {
        client.send("MGET", "p" + i, "p" + (i / 2), "nope");
        client.send("PING");
      }
    }
    for (int i = 0; i < requests; i++) {
      assertThat(client.readReply()).isEqualTo("OK");
      assertThat(client.readReply()).isEqualTo(String.valueOf(i));
      if (i % 100 == 0) {
        assertThat(client.readReply())
            .isEqualTo(Arrays.asList(String.valueOf(i), String.valueOf(i / 2), null));
        assertThat(client.readReply()).isEqualTo("PONG");
      }
    }
  }

  @Test
  void unsupportedAndMalformedCommandsGetRedisStyleErrors() {
    assertThatThrownBy(() -> client.command("MONITOR"))
        .hasMessage(
            "ERR 'monitor' is not served by the proxy: it is about one server, and the proxy hides"
                + " its servers");
    assertThatThrownBy(() -> client.command("GET"))
        .hasMessage("ERR wrong number of arguments for 'get' command");
    assertThatThrownBy(() -> client.command("SELECT", "3"))
        .hasMessageStartingWith("ERR only database 0");
    assertThat(client.command("SELECT", "0")).isEqualTo("OK");
    assertThat(client.command("PING")).isEqualTo("PONG");
  }

  @Test
  @SuppressWarnings("unchecked")
  void localCommandsAnswerAsRedisWould() {
    assertThat(client.command("PING", "hi")).isEqualTo("hi");
    assertThat(client.command("ECHO", "hello")).isEqualTo("hello");
    assertThat(client.command("CLIENT", "SETINFO", "lib-name", "test")).isEqualTo("OK");
    assertThat(client.command("CLIENT", "SETNAME", "worker-1")).isEqualTo("OK");
    assertThat(client.command("CLIENT", "GETNAME")).isEqualTo("worker-1");
    assertThat(client.command("CLIENT", "ID")).isInstanceOf(Long.class);
    assertThat((List<Object>) client.command("HELLO", "2")).contains("proto", 2L);
    assertThatThrownBy(() -> client.command("HELLO", "4")).hasMessageStartingWith("NOPROTO");
    assertThat(client.command("COMMAND", "COUNT")).isInstanceOf(Long.class);
    assertThat(client.command("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"))
        .isEqualTo(List.of("a", "b"));
    client.command("SET", "x", "1");
    assertThat((String) client.command("INFO"))
        .contains("# Proxy", "shards:3", "shards_reachable:3", "db0:keys=1,expires=0");
  }

  @Test
  void quitAnswersEverythingBeforeItThenCloses() {
    try (RespSocket quitting = fixture.client()) {
      quitting.send("SET", "q", "1");
      quitting.send("GET", "q");
      quitting.send("QUIT");
      quitting.send("GET", "never");
      assertThat(quitting.readReply()).isEqualTo("OK");
      assertThat(quitting.readReply()).isEqualTo("1");
      assertThat(quitting.readReply()).isEqualTo("OK");
      assertThat(quitting.closedByPeer()).isTrue();
    }
  }

  @Test
  void inlineCommandsWorkLikeTelnet() {
    client.sendRaw("PING\r\nSET inline \"a b\"\r\nGET inline\r\n".getBytes());
    assertThat(client.readReply()).isEqualTo("PONG");
    assertThat(client.readReply()).isEqualTo("OK");
    assertThat(client.readReply()).isEqualTo("a b");
  }

  @Test
  void malformedRespIsAnsweredWithAnErrorAndTheConnectionCloses() {
    try (RespSocket raw = fixture.client()) {
      raw.send("SET", "before", "1");
      raw.sendRaw("*2\r\n$3\r\nGET\r\n:5\r\n".getBytes());
      assertThat(raw.readReply()).isEqualTo("OK");
      assertThat(((RedisErrorReply) raw.readReply()).getMessage()).startsWith("ERR Protocol error");
      assertThat(raw.closedByPeer()).isTrue();
    }
    assertThat(client.command("GET", "before")).isEqualTo("1");
  }

  private static String differentShardThan(String key) {
    RedisServer owner = fixture.shardOf(key);
    for (int i = 0; ; i++) {
      if (fixture.shardOf("other" + i) != owner) {
        return "other" + i;
      }
    }
  }
}
