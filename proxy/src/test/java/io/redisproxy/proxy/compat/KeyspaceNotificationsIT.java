package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications through the proxy over three shards beside one redis-server: the same
 * messages, whichever shard the key lives on, for patterns, keyspace channels of one key and
 * keyevent channels, in RESP2 and RESP3.
 */
class KeyspaceNotificationsIT {
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
  void notifyEverything() {
    sides.flush();
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("CONFIG", "SET", "notify-keyspace-events", "KEA"));
    }
  }

  @AfterEach
  void notifyNothing() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("CONFIG", "SET", "notify-keyspace-events", ""));
    }
  }

  @Test
  void aKeyspacePatternHearsOfKeysOnEveryShard() {
    for (boolean resp3 : List.of(false, true)) {
      try (SideBySide.Pair subscriber = sides.connect(resp3);
          SideBySide.Pair writer = sides.connect()) {
        subscriber.assertSame(List.of("PSUBSCRIBE", "__keyspace@0__:*"));
        for (String key : keys) {
          writer.assertSame(List.of("SET", key, "v"));
          assertThat(subscriber.assertSameNext()).contains("__keyspace@0__:" + key, "set");
          writer.assertSame(List.of("LPUSH", key + ":list", "a"));
          assertThat(subscriber.assertSameNext()).contains("lpush");
          writer.assertSame(List.of("DEL", key));
          assertThat(subscriber.assertSameNext()).contains("del");
        }
        subscriber.assertSame(List.of("PUNSUBSCRIBE"));
      }
    }
  }

  @Test
  void aKeysOwnChannelAndAnEventsChannelHearFromTheRightShards() {
    try (SideBySide.Pair subscriber = sides.connect();
        SideBySide.Pair writer = sides.connect()) {
      String watched = keys.get(2);
      subscriber.assertSame(List.of("SUBSCRIBE", "__keyspace@0__:" + watched));
      subscriber.assertSame(List.of("SUBSCRIBE", "__keyevent@0__:expired"));
      writer.assertSame(List.of("SET", keys.get(0), "v"));
      writer.assertSame(List.of("INCR", watched));
      assertThat(subscriber.assertSameNext()).contains("incrby");
      for (String key : keys) {
        writer.assertSame(List.of("SET", key + ":short", "v", "PX", "50"));
      }
      // Each server expires its keys on its own clock; the messages come in any order.
      List<String> viaProxy = new ArrayList<>();
      List<String> direct = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        viaProxy.add(SideBySide.text(subscriber.viaProxy().readReply()));
        direct.add(SideBySide.text(subscriber.direct().readReply()));
      }
      assertThat(viaProxy).containsExactlyInAnyOrderElementsOf(direct);
      assertThat(direct).allMatch(message -> message.contains("__keyevent@0__:expired"));
      subscriber.assertSame(List.of("UNSUBSCRIBE", "__keyevent@0__:expired"));
      subscriber.assertSame(List.of("UNSUBSCRIBE"));
      subscriber.assertSame(List.of("PING"));
    }
  }
}
