package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies of any nesting depth reach the client as Redis wrote them. */
class DeepReplyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static ProxyFixture proxy;
  private static RedisServer direct;

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.start(3);
    direct = RedisServer.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
    direct.close();
  }

  @Test
  void aScriptReturningA1000DeepTableIsAnsweredAsByRedis() {
    assertSameReply(nested(1000));
  }

  @Test
  void aTableDeeperThanLuaCanReplyIsAnsweredAsByRedis() {
    assertSameReply(nested(10000));
  }

  @Test
  void aDeepTableOfLargeStringsArrivingInManyReadsIsAnsweredAsByRedis() {
    String script =
        "local top = {} local t = top for i = 1, 1000 do local n = {} t[1] = string.rep('v', 2000)"
            + " t[2] = n t = n end t[1] = KEYS[1] return top";
    assertSameReply(List.of("EVAL", script, "1", "deep"));
  }

  /** The transaction's reply comes on a connection of the client's own (after WATCH). */
  @Test
  void aDeepTableInsideAWatchedTransactionIsAnsweredAsByRedis() {
    assertSameReplies(
        List.of("WATCH", "deep"), List.of("MULTI"), nested(1000), List.of("EXEC"), List.of("PING"));
  }

  private static void assertSameReply(List<String> eval) {
    assertSameReplies(eval, List.of("PING"));
  }

  @SafeVarargs
  private static void assertSameReplies(List<String>... commands) {
    try (RawConnection viaProxy = RawConnection.connect(proxy.server().port(), TIMEOUT);
        RawConnection toRedis = RawConnection.connect(direct.port(), TIMEOUT)) {
      for (List<String> command : commands) {
        byte[] expected = toRedis.command(command);
        byte[] actual = viaProxy.command(command);
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as("reply to %s", command.get(0))
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
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
