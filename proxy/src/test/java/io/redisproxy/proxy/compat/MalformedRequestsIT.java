package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request of a shape nobody foresaw gets Redis' answer, and the connection closed where Redis
 * closes it; never a wait for bytes that will not come.
 */
class MalformedRequestsIT {
  private static SideBySide sides;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  /** Each is refused by Redis with a protocol error, and the connection closed. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "*1\r\n$536870913\r\n",
        "*1\r\n$2147483648\r\n",
        "*1\r\n$99999999999999999999\r\n",
        "*2147483648\r\n",
        "*99999999999999999999\r\n",
        "*1\r\n$-1\r\n",
        "*1\r\n$-0\r\n",
        "*1\r\n$04\r\nPING\r\n",
        "*1\r\n$\r\n",
        "*1\r\n$+4\r\nPING\r\n",
        "*01\r\n$4\r\nPING\r\n",
        "*-0\r\n",
        "*\r\n",
        "*1x\r\n",
        "*1\n$4\r\nPING\r\n",
        "*1\r\n:5\r\n",
        "SET \"a\r\n"
      })
  void aMalformedRequestIsRefusedAndItsConnectionClosedAsByRedis(String wire) {
    try (SideBySide.Pair pair = sides.connect()) {
      byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
      pair.direct().sendBytes(bytes);
      pair.viaProxy().sendBytes(bytes);
      String expected = SideBySide.text(pair.direct().readReply());
      assertThat(expected).startsWith("-ERR Protocol error");
      assertThat(SideBySide.text(pair.viaProxy().readReply())).isEqualTo(expected);
      assertThat(pair.direct().closedByPeer()).isTrue();
      assertThat(pair.viaProxy().closedByPeer()).as("closed by the proxy").isTrue();
    }
  }

  /** Redis skips empty and negative multibulks, and answers what follows. */
  @Test
  void emptyAndNegativeMultibulksAreSkippedAsByRedis() {
    try (SideBySide.Pair pair = sides.connect()) {
      byte[] bytes = "*0\r\n*-2\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
      pair.direct().sendBytes(bytes);
      pair.viaProxy().sendBytes(bytes);
      assertThat(SideBySide.text(pair.viaProxy().readReply()))
          .isEqualTo(SideBySide.text(pair.direct().readReply()));
      pair.assertSame(List.of("PING"));
    }
  }

  /**
   * What Redis takes and the proxy refuses, as the README's compatibility section lists: framing
   * Redis skips over, and more arguments than the proxy holds.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "*1\r\n$4\r\nPINGxx\r\n|bulk string not terminated by CRLF",
        "*1\r\n$4\rxPING\r\n|expected CRLF",
        "*2000000\r\n|request exceeds the proxy's limit of 1048576 arguments"
      })
  void aRequestRedisTakesButTheProxyDoesNotIsRefusedAndItsConnectionClosed(String wireAndError) {
    String[] parts = wireAndError.split("\\|");
    try (SideBySide.Pair pair = sides.connect()) {
      pair.viaProxy().sendBytes(parts[0].getBytes(StandardCharsets.ISO_8859_1));
      assertThat(SideBySide.text(pair.viaProxy().readReply()))
          .isEqualTo("-ERR Protocol error: " + parts[1] + "\r\n");
      assertThat(pair.viaProxy().closedByPeer()).isTrue();
    }
  }

  /**
   * A bulk Redis would wait for but the proxy will not hold (past {@code limits.maxRequestBytes},
   * 64 MiB by default) is refused from its header, at once, and the connection closed.
   */
  @Test
  void aBulkPastTheProxyLimitIsRefusedFromItsHeader() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.viaProxy()
          .sendBytes("*2\r\n$4\r\nECHO\r\n$100000000\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(SideBySide.text(pair.viaProxy().readReply()))
          .isEqualTo(
              "-ERR Protocol error: request exceeds limits.maxRequestBytes (67108864 bytes)\r\n");
      assertThat(pair.viaProxy().closedByPeer()).isTrue();
    }
  }
}
