package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client blocked through the proxy over three shards wakes as one blocked on Redis wakes: when
 * its key is deleted, changes type or is renamed away, when the database is flushed, when its
 * consumer group is destroyed (XREADGROUP answers an error), or when it is killed.
 */
class BlockedClientsIT {
  private static final String KEY = "{t}k";
  private static final String OTHER = "{t}other";

  private static SideBySide sides;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  /** A blocking command, what it needs before it blocks, and what serves it once it waits. */
  private record Blocker(List<String> block, List<List<String>> setup, List<String> serve) {
    @Override
    public String toString() {
      return block.get(0);
    }
  }

  private static final List<Blocker> BLOCKERS =
      List.of(
          new Blocker(List.of("BLPOP", KEY, "0"), List.of(), List.of("RPUSH", KEY, "v")),
          new Blocker(List.of("BRPOP", KEY, "0"), List.of(), List.of("RPUSH", KEY, "v")),
          new Blocker(
              List.of("BLMOVE", KEY, "{t}dest", "LEFT", "RIGHT", "0"),
              List.of(),
              List.of("RPUSH", KEY, "v")),
          new Blocker(
              List.of("BLMPOP", "0", "1", KEY, "LEFT"), List.of(), List.of("RPUSH", KEY, "v")),
          new Blocker(List.of("BZPOPMIN", KEY, "0"), List.of(), List.of("ZADD", KEY, "1", "m")),
          new Blocker(
              List.of("BZMPOP", "0", "1", KEY, "MAX"), List.of(), List.of("ZADD", KEY, "1", "m")),
          new Blocker(
              List.of("XREAD", "BLOCK", "0", "STREAMS", KEY, "$"),
              List.of(List.of("XADD", KEY, "1-1", "f", "v")),
              List.of("XADD", KEY, "5-1", "f", "v")),
          new Blocker(
              List.of("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", KEY, ">"),
              List.of(List.of("XGROUP", "CREATE", KEY, "g", "$", "MKSTREAM")),
              List.of("XADD", KEY, "5-1", "f", "v")));

  /** What happens to the key while the client waits; the key is made right again afterwards. */
  private static final List<List<List<String>>> EVENTS =
      List.of(
          List.of(List.of("DEL", KEY)),
          List.of(List.of("DEL", KEY), List.of("SET", KEY, "a string")),
          List.of(List.of("RENAME", KEY, OTHER)),
          List.of(List.of("FLUSHALL")),
          List.of(List.of("FLUSHALL", "ASYNC")),
          List.of(List.of("FLUSHDB")),
          List.of(List.of("FLUSHDB", "SYNC")),
          List.of(List.of("MULTI"), List.of("SET", KEY, "s"), List.of("DEL", KEY), List.of("EXEC")),
          List.of(List.of("XGROUP", "DESTROY", KEY, "g")));

  static Stream<Arguments> blockersAndEvents() {
    List<Arguments> cases = new ArrayList<>();
    for (Blocker blocker : BLOCKERS) {
      for (List<List<String>> event : EVENTS) {
        cases.add(Arguments.of(blocker, event));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} when {1}")
  @MethodSource("blockersAndEvents")
  void aBlockedClientWakesAsOnRedis(Blocker blocker, List<List<String>> event) {
    try (SideBySide.Pair control = sides.connect();
        SideBySide.Pair blocked = sides.connect()) {
      control.assertSame(List.of("FLUSHALL"));
      blocker.setup().forEach(control::assertSame);
      block(blocked, blocker.block());
      event.forEach(control::assertSame);
      control.assertSame(List.of("DEL", KEY, OTHER));
      control.assertSame(blocker.serve());
      String expected = SideBySide.text(blocked.direct().readReply());
      assertThat(SideBySide.text(blocked.viaProxy().readReply()))
          .as("reply of %s after %s", blocker.block(), event)
          .isEqualTo(expected);
      blocked.assertSame(List.of("PING"));
    }
  }

  /** Odd shapes of blocking requests: Redis refuses them at once, or they time out at once. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "BLPOP {t}k -1",
        "BLPOP {t}k soon",
        "BLPOP {t}k 0.01",
        "BRPOP {t}k {t}other 0.01",
        "BLPOP {t}kstring 0",
        "BLMOVE {t}k {t}dest LEFT UP 0",
        "BLMPOP 0 0 {t}k LEFT",
        "BLMPOP 0 5 {t}k LEFT",
        "BLMPOP 0.01 1 {t}k LEFT COUNT 0",
        "BZMPOP -1 1 {t}k MIN",
        "XREAD BLOCK 0 STREAMS {t}k",
        "XREAD BLOCK soon STREAMS {t}k $",
        "XREAD BLOCK -1 STREAMS {t}k $",
        "XREAD BLOCK 10 STREAMS {t}k $",
        "XREADGROUP GROUP nogroup c BLOCK 0 STREAMS {t}k >",
        "XREADGROUP GROUP g c BLOCK 10 STREAMS {t}k 0"
      })
  void anOddBlockingRequestIsAnsweredAsByRedis(String request) {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("FLUSHALL"));
      pair.assertSame(List.of("SET", KEY + "string", "s"));
      pair.assertSame(List.of("XGROUP", "CREATE", KEY, "g", "$", "MKSTREAM"));
      pair.assertSame(List.of(request.split(" ")));
      pair.assertSame(List.of("PING"));
    }
  }

  /**
   * Redis answers the killer and closes the blocked client; the proxy stops blocking on the shard.
   */
  @Test
  void aBlockedClientKilledIsClosedAndNoLongerBlocksTheShard() {
    try (SideBySide.Pair control = sides.connect();
        SideBySide.Pair blocked = sides.connect()) {
      String viaProxyId = SideBySide.text(blocked.viaProxy().command(List.of("CLIENT", "ID")));
      String directId = SideBySide.text(blocked.direct().command(List.of("CLIENT", "ID")));
      block(blocked, List.of("BLPOP", KEY, "0"));
      assertThat(
              SideBySide.text(
                  control.viaProxy().command(List.of("CLIENT", "KILL", "ID", number(viaProxyId)))))
          .isEqualTo(
              SideBySide.text(
                  control.direct().command(List.of("CLIENT", "KILL", "ID", number(directId)))));
      assertThat(blocked.direct().closedByPeer()).isTrue();
      assertThat(blocked.viaProxy().closedByPeer()).isTrue();
      await()
          .atMost(SideBySide.TIMEOUT)
          .until(() -> blockedClients(sides.proxy().shardOf(KEY)) == 0);
    }
  }

  /** Sends {@code command} to both sides and waits until both servers count the client blocked. */
  private static void block(SideBySide.Pair blocked, List<String> command) {
    blocked.direct().send(command);
    blocked.viaProxy().send(command);
    await()
        .atMost(SideBySide.TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                blockedClients(sides.direct()) == 1
                    && blockedClients(sides.proxy().shardOf(KEY)) == 1);
  }

  private static String number(String integerReply) {
    return integerReply.substring(1).trim();
  }

  private static long blockedClients(RedisServer server) {
    return Long.parseLong(server.info("clients").get("blocked_clients"));
  }
}
