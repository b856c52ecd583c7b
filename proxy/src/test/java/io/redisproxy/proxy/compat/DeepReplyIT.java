package io.redisproxy.proxy.compat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies of any nesting depth reach the client as Redis wrote them. */
class DeepReplyIT {
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
  void aScriptReturningA1000DeepTableIsAnsweredAsByRedis() {
    assertSameReplies(nested(1000), List.of("PING"));
  }

  /** Redis cuts the reply short with an error inside it ("reached lua stack limit"). */
  @Test
  void aTableDeeperThanLuaCanReplyIsAnsweredAsByRedis() {
    assertSameReplies(nested(10000), List.of("PING"));
  }

  /** A table holding itself: Redis nests it until the Lua stack runs out, then the error. */
  @Test
  void aScriptReturningATableThatHoldsItselfIsAnsweredAsByRedis() {
    assertSameReplies(
        List.of("EVAL", "local t = {} t[1] = t return t", "0"),
        List.of("EVAL", "local t = {} t[1] = t t[2] = 'v' return t", "0"),
        List.of("PING"));
  }

  @Test
  void aDeepTableOfLargeStringsArrivingInManyReadsIsAnsweredAsByRedis() {
    String script =
        "local top = {} local t = top for i = 1, 1000 do local n = {} t[1] = string.rep('v', 2000)"
            + " t[2] = n t = n end t[1] = KEYS[1] return top";
    assertSameReplies(List.of("EVAL", script, "1", "deep"), List.of("PING"));
  }

  /** The transaction's reply comes on a connection of the client's own (after WATCH). */
  @Test
  void aDeepTableInsideAWatchedTransactionIsAnsweredAsByRedis() {
    assertSameReplies(
        List.of("WATCH", "deep"), List.of("MULTI"), nested(1000), List.of("EXEC"), List.of("PING"));
  }

  /** EXEC's reply is taken apart to put the replies of PING and ECHO, answered by the proxy, in. */
  @Test
  void aDeepTableInATransactionWithCommandsTheProxyAnswersIsAnsweredAsByRedis() {
    assertSameReplies(
        List.of("MULTI"),
        List.of("PING"),
        nested(1000),
        List.of("ECHO", "after"),
        nested(10000),
        List.of("EXEC"));
  }

  @Test
  void aDeepTableFromALoadedScriptAndAFunctionIsAnsweredAsByRedis() {
    String body = nested(1000).get(1);
    String library =
        "#!lua name=deep\nredis.register_function('deep', function(keys, args) "
            + body.replace("KEYS[1]", "keys[1]")
            + " end)";
    sides.flush();
    assertSameReplies(
        List.of("SCRIPT", "LOAD", body),
        List.of("EVALSHA", sha1(body), "1", "deep"),
        List.of("FUNCTION", "LOAD", library),
        List.of("FCALL", "deep", "1", "deep"),
        List.of("EVAL", body.replace("KEYS[1]", "'no key'"), "0"));
    sides.flush();
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SafeVarargs
  private static void assertSameReplies(List<String>... commands) {
    try (SideBySide.Pair pair = sides.connect()) {
      for (List<String> command : commands) {
        pair.assertSame(command);
      }
    }
  }

  /** EVAL of a script whose reply nests {@code depth} arrays around one bulk string. */
  private static List<String> nested(int depth) {
    String script =
        "local top = {} local t = top for i = 1, "
            + depth
            + " do local n = {} t[1] = n t = n end t[1] = KEYS[1] return top";
    return List.of("EVAL", script, "1", "deep");
  }
}
