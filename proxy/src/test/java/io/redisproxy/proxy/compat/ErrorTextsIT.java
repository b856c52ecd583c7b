package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Redis does not know, the proxy answers with Redis' own words; what Redis has and the proxy
 * refuses, it refuses with the reason.
 */
class ErrorTextsIT {
  private static SideBySide sides;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  @Test
  void unknownCommandsGetRedisText() {
    String longArg = "x".repeat(200);
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("foo", "a", "b"));
      pair.assertSame(List.of("FOO"));
      pair.assertSame(List.of(""));
      pair.assertSame(List.of("n".repeat(300), "a"));
      pair.assertSame(List.of("foo", longArg, "b"));
      pair.assertSame(List.of("foo", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d"));
      pair.assertSame(List.of("foo", "line\r\nbreak", "nul\0byte", "é"));
      assertThat(pair.replies(List.of("foo", "a", "b"))[0])
          .isEqualTo("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
    }
  }

  @Test
  void wrongNumbersOfArgumentsGetRedisText() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("GET"));
      pair.assertSame(List.of("get", "a", "b"));
      pair.assertSame(List.of("SET", "k"));
      pair.assertSame(List.of("MSET", "a"));
      pair.assertSame(List.of("CLIENT"));
      pair.assertSame(List.of("OBJECT"));
      pair.assertSame(List.of("PING", "a", "b"));
      pair.assertSame(List.of("ECHO"));
      pair.assertSame(List.of("MULTI", "x"));
      assertThat(pair.replies(List.of("GET"))[0])
          .isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
    }
  }

  @Test
  void unknownSubcommandsGetRedisText() {
    try (SideBySide.Pair pair = sides.connect()) {
      for (String container :
          List.of("CLIENT", "command", "CONFIG", "OBJECT", "MEMORY", "XINFO", "XGROUP", "PUBSUB")) {
        pair.assertSame(List.of(container, "x", "k"));
      }
      pair.assertSame(List.of("FUNCTION", "nope"));
      pair.assertSame(List.of("SCRIPT", "nope"));
      assertThat(pair.replies(List.of("CLIENT", "x"))[0])
          .isEqualTo("-ERR unknown subcommand 'x'. Try CLIENT HELP.\r\n");
    }
  }

  /** Found by the differential tester: the proxy used to answer with errors of its own. */
  @Test
  void requestsWhoseKeysDoNotAddUpGetRedisErrorFromAShard() {
    try (SideBySide.Pair pair = sides.connect()) {
      for (String line :
          List.of(
              "EVAL return 5 k",
              "EVAL return -1 k",
              "EVAL return x k",
              "XREAD STREAMS {a}x {a}y 0",
              "XREAD COUNT 1 {a}x 0",
              "XREADGROUP GROUP g c STREAMS {a}x",
              "LMPOP 0 {a}l LEFT",
              "LMPOP 3 {a}l LEFT",
              "ZMPOP -1 {a}z MIN",
              "BLMPOP 0 0 {a}l LEFT",
              "BZMPOP 0 0 {a}z MIN",
              "SINTERCARD 0 {a}s {a}t",
              "SINTERCARD 3 {a}s {a}t",
              "ZINTER 0 {a}z",
              "ZDIFF 0 {a}z",
              "ZINTERCARD 0 {a}z",
              "ZUNIONSTORE {a}z 3 {a}y",
              "OBJECT HELP",
              "XINFO HELP",
              "XGROUP HELP",
              "MEMORY HELP",
              "SELECT x",
              "OBJECT ENCODING",
              "XGROUP CREATE k")) {
        pair.assertSame(List.of(line.split(" ")));
      }
    }
  }

  @Test
  void whatRedisHasAndTheProxyDoesNotServeIsRefusedWithTheReason() {
    try (SideBySide.Pair pair = sides.connect()) {
      assertThat(pair.viaProxy().command(List.of("CONFIG", "REWRITE")))
          .asString()
          .isEqualTo(
              "-ERR 'config|rewrite' is not served by the proxy: it is about one server, and the"
                  + " proxy hides its servers\r\n");
      assertThat(pair.viaProxy().command(List.of("CLIENT", "PAUSE", "10")))
          .asString()
          .startsWith("-ERR 'client|pause' is not served by the proxy: ");
      assertThat(pair.viaProxy().command(List.of("SWAPDB", "0", "1")))
          .asString()
          .isEqualTo(
              "-ERR 'swapdb' is not served by the proxy: clients of the proxy have one database,"
                  + " database 0\r\n");
      assertThat(pair.viaProxy().command(List.of("MEMORY", "STATS")))
          .asString()
          .startsWith("-ERR 'memory|stats' is not served by the proxy: ");
      pair.assertSame(List.of("PING"));
    }
  }
}
