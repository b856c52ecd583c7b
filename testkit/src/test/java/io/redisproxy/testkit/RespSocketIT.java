package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RespSocketIT {
  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void closeServer() {
    server.close();
  }

  @BeforeEach
  void emptyTheDatabase() {
    server.command("FLUSHALL");
  }

  @Test
  void repliesBecomePlainJavaValues() {
    assertThat(server.command("SET", "k", "v")).isEqualTo("OK");
    assertThat(server.command("GET", "k")).isEqualTo("v");
    assertThat(server.command("GET", "missing")).isNull();
    assertThat(server.command("INCR", "counter")).isEqualTo(1L);
    assertThat(server.command("RPUSH", "list", "a", "b", "c")).isEqualTo(3L);
    assertThat(server.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b", "c"));
    assertThat(server.command("LRANGE", "missing", "0", "-1")).isEqualTo(List.of());
  }

  @Test
  void valuesRoundTripByteForByte() {
    server.command("SET", "empty", "");
    server.command("SET", "unicode", "grüße \r\n 東京");

    assertThat(server.command("GET", "empty")).isEqualTo("");
    assertThat(server.command("GET", "unicode")).isEqualTo("grüße \r\n 東京");
    assertThat(server.command("STRLEN", "unicode")).isEqualTo(17L);
  }

  @Test
  void errorReplyIsThrownWithItsCode() {
    server.command("SET", "text", "v");

    assertThatThrownBy(() -> server.command("LPUSH", "text", "x"))
        .isInstanceOfSatisfying(
            RedisErrorReply.class, e -> assertThat(e.code()).isEqualTo("WRONGTYPE"))
        .hasMessageContaining("wrong kind of value");
  }

  @Test
  void errorInsideAnArrayIsAnElement() {
    try (RespSocket socket = server.connect()) {
      socket.command("MULTI");
      socket.command("SET", "text", "v");
      socket.command("INCR", "text");

      List<?> results = (List<?>) socket.command("EXEC");

      assertThat(results).hasSize(2);
      assertThat(results.get(0)).isEqualTo("OK");
      assertThat(results.get(1)).isInstanceOf(RedisErrorReply.class);
    }
  }

  @Test
  void nestedArraysKeepTheirShape() {
    server.command("ZADD", "scores", "1", "a", "2", "b");
    try (RespSocket socket = server.connect()) {
      socket.command("MULTI");
      socket.command("ZRANGE", "scores", "0", "-1", "WITHSCORES");
      socket.command("GET", "missing");

      assertThat(socket.command("EXEC"))
          .isEqualTo(Arrays.asList(List.of("a", "1", "b", "2"), null));
    }
  }

  @Test
  void slowReplyTimesOut() {
    try (RespSocket socket =
        RespSocket.connect(server.host(), server.port(), Duration.ofMillis(200))) {
      assertThatThrownBy(() -> socket.command("BLPOP", "never-filled", "5"))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("No reply from " + server.address() + " to BLPOP");
    }
  }
}
