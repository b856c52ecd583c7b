package io.redisproxy.proxy.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void decodesPipelinedRequestsKeepingTheRawBytes() {
    String wire = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
    List<List<String>> requests = decodeAll(new RequestDecoder(1 << 20), wire);
    assertThat(requests).containsExactly(List.of("SET", "key", "value"), List.of("GET", "key"));
  }

  @Test
  void frameIsTheExactRequestBytes() {
    ByteBuf in = buf("*2\r\n$3\r\nGET\r\n$1\r\nk\r\nrest");
    RespRequest request = new RequestDecoder(1 << 20).decode(in, alloc);
    assertThat(request.frame().toString(StandardCharsets.UTF_8))
        .isEqualTo("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("rest");
    request.release();
    in.release();
  }

  @Test
  void anArgumentsEncodingSpansItsHeaderAndItsCrlf() {
    assertThat(encodings("*3\r\n$4\r\nMSET\r\n$1\r\nk\r\n$12\r\nvalue\r\nvalue\r\n", 1, 2))
        .isEqualTo("$1\r\nk\r\n$12\r\nvalue\r\nvalue\r\n");
  }

  @Test
  void anInlineRequestIsEncodedSoItsArgumentsHaveEncodings() {
    assertThat(encodings("MGET a bc\r\n", 2, 2)).isEqualTo("$2\r\nbc\r\n");
  }

  /**
   * The RESP encodings of arguments {@code from} to {@code to} of the one request in {@code wire}.
   */
  private String encodings(String wire, int from, int to) {
    ByteBuf in = buf(wire);
    RespRequest request = new RequestDecoder(1 << 20).decode(in, alloc);
    try {
      int start = request.encodingStart(from);
      return request
          .frame()
          .toString(start, request.encodingEnd(to) - start, StandardCharsets.UTF_8);
    } finally {
      request.release();
      in.release();
    }
  }

  @Test
  void requestArrivingOneByteAtATimeDecodesOnce() {
    String wire = "*3\r\n$4\r\nMSET\r\n$1\r\na\r\n$10\r\n0123456789\r\n";
    RequestDecoder decoder = new RequestDecoder(1 << 20);
    ByteBuf cumulation = Unpooled.buffer();
    List<List<String>> decoded = new ArrayList<>();
    for (byte b : wire.getBytes(StandardCharsets.UTF_8)) {
      cumulation.writeByte(b);
      RespRequest request = decoder.decode(cumulation, alloc);
      if (request != null) {
        decoded.add(args(request));
        request.release();
      }
    }
    assertThat(decoded).containsExactly(List.of("MSET", "a", "0123456789"));
    cumulation.release();
  }

  @Test
  void inlineCommandsBecomeRespWithRedisQuoting() {
    List<List<String>> requests =
        decodeAll(
            new RequestDecoder(1 << 20), "PING\r\n\r\nset \"a b\" 'c d'\nECHO \"x\\x41\\n\"\r\n");
    assertThat(requests)
        .containsExactly(List.of("PING"), List.of("set", "a b", "c d"), List.of("ECHO", "xA\n"));
  }

  @Test
  void emptyMultibulkIsIgnoredAsRedisDoes() {
    assertThat(decodeAll(new RequestDecoder(1 << 20), "*0\r\n*1\r\n$4\r\nPING\r\n"))
        .containsExactly(List.of("PING"));
  }

  @Test
  void malformedInputIsAProtocolError() {
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), "*x\r\n"))
        .isInstanceOf(RespProtocolException.class)
        .hasMessage("Protocol error: invalid multibulk length");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), "*1\r\n:3\r\n"))
        .hasMessage("Protocol error: expected '$', got ':'");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), "*1\r\n$-3\r\n"))
        .hasMessage("Protocol error: invalid bulk length");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), "*1\r\n$1\r\nab\r\n"))
        .hasMessage("Protocol error: bulk string not terminated by CRLF");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), "SET \"a\r\n"))
        .hasMessage("Protocol error: unbalanced quotes in request");
  }

  @Test
  void oversizedRequestIsRefusedFromItsHeaderBeforeItsBodyArrives() {
    assertThatThrownBy(
            () -> decodeAll(new RequestDecoder(2048), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000\r\n"))
        .hasMessageContaining("exceeds limits.maxRequestBytes (2048 bytes)");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(2048), "*100000\r\n"))
        .hasMessage("Protocol error: request exceeds limits.maxRequestBytes (2048 bytes)");
  }

  @Test
  void lengthsRedisCannotTakeGetRedisErrorsWhateverTheProxyLimit() {
    assertThatThrownBy(
            () -> decodeAll(new RequestDecoder(Integer.MAX_VALUE), "*1\r\n$536870913\r\n"))
        .hasMessage("Protocol error: invalid bulk length");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(Integer.MAX_VALUE), "*2147483648\r\n"))
        .hasMessage("Protocol error: invalid multibulk length");
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(Integer.MAX_VALUE), "*2000000\r\n"))
        .hasMessage("Protocol error: request exceeds the proxy's limit of 1048576 arguments");
  }

  @Test
  void lengthsAreReadAsRedisReadsThem() {
    for (String wire : List.of("*01\r\n", "*-0\r\n", "*-\r\n", "*+1\r\n", "*\r\n")) {
      assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), wire))
          .as(wire)
          .hasMessage("Protocol error: invalid multibulk length");
    }
    for (String wire : List.of("*1\r\n$04\r\n", "*1\r\n$-0\r\n", "*1\r\n$\r\n")) {
      assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), wire))
          .as(wire)
          .hasMessage("Protocol error: invalid bulk length");
    }
    assertThat(decodeAll(new RequestDecoder(1 << 20), "*-2\r\n*1\r\n$0\r\n\r\n"))
        .containsExactly(List.of(""));
  }

  @Test
  void endlessInlineLineIsRefused() {
    String line = "x".repeat(RequestDecoder.MAX_INLINE_BYTES + 1);
    assertThatThrownBy(() -> decodeAll(new RequestDecoder(1 << 20), line))
        .hasMessage("Protocol error: too big inline request");
  }

  @Test
  void argumentsReadInPlace() {
    ByteBuf in = buf("*2\r\n$3\r\nget\r\n$5\r\n12345\r\n");
    RespRequest request = new RequestDecoder(1 << 20).decode(in, alloc);
    assertThat(request.is(0, "GET")).isTrue();
    assertThat(request.number(1)).isEqualTo(12345);
    assertThat(request.length(1)).isEqualTo(5);
    request.release();
    in.release();
  }

  /**
   * Decodes {@code wire} as the proxy reads it, from a direct buffer, and checks a heap one agrees.
   */
  private List<List<String>> decodeAll(RequestDecoder decoder, String wire) {
    List<List<String>> requests = decodeAll(decoder, buf(wire));
    assertThat(
            decodeAll(
                new RequestDecoder(1 << 20), Unpooled.copiedBuffer(wire, StandardCharsets.UTF_8)))
        .isEqualTo(requests);
    return requests;
  }

  private List<List<String>> decodeAll(RequestDecoder decoder, ByteBuf in) {
    List<List<String>> requests = new ArrayList<>();
    try {
      RespRequest request;
      while ((request = decoder.decode(in, alloc)) != null) {
        requests.add(args(request));
        request.release();
      }
    } finally {
      in.release();
    }
    return requests;
  }

  private static List<String> args(RespRequest request) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < request.count(); i++) {
      args.add(request.text(i));
    }
    return args;
  }

  private static ByteBuf buf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }
}
