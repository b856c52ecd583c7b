package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies far larger than a socket read reach the client as Redis wrote them. */
class LargeReplyIT {
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
  void aStringOf200MegabytesIsAnsweredAsByRedis() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SETRANGE", "big", String.valueOf(200_000_000 - 1), "x"));
      assertSameDigest(pair, List.of("GET", "big"), 200_000_000);
      pair.assertSame(List.of("DEL", "big"));
    }
  }

  @Test
  void aListOfAMillionElementsIsAnsweredAsByRedis() {
    // A thousand pushes of a thousand values each: well within the op timeout.
    String fill =
        "local t = {} for i = 1, 1000 do t[i] = i end"
            + " for i = 1, 1000 do redis.call('rpush', KEYS[1], unpack(t)) end return 1";
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("EVAL", fill, "1", "long"));
      assertSameDigest(pair, List.of("LRANGE", "long", "0", "-1"), 1_000_000);
      pair.assertSame(List.of("DEL", "long"));
    }
  }

  /** The replies compared by length and SHA-256: an assertion message of them would be huge. */
  private static void assertSameDigest(SideBySide.Pair pair, List<String> command, int atLeast) {
    byte[] expected = pair.direct().command(command);
    byte[] actual = pair.viaProxy().command(command);
    assertThat(expected.length).isGreaterThan(atLeast);
    assertThat(actual.length)
        .as(
            "length of the reply to %s: %s",
            command, SideBySide.text(actual).substring(0, Math.min(200, actual.length)))
        .isEqualTo(expected.length);
    assertThat(sha256(actual)).as("reply to %s", command).isEqualTo(sha256(expected));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
