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

class ReplyScannerTest {
  @Test
  void findsEachReplyOfAPipelinedStream() {
    String wire =
        "+OK\r\n-ERR no\r\n:42\r\n$-1\r\n$3\r\nabc\r\n*-1\r\n*0\r\n"
            + "*2\r\n$1\r\n0\r\n*3\r\n$1\r\na\r\n:1\r\n*1\r\n+x\r\n";
    assertThat(split(wire))
        .containsExactly(
            "+OK\r\n",
            "-ERR no\r\n",
            ":42\r\n",
            "$-1\r\n",
            "$3\r\nabc\r\n",
            "*-1\r\n",
            "*0\r\n",
            "*2\r\n$1\r\n0\r\n*3\r\n$1\r\na\r\n:1\r\n*1\r\n+x\r\n");
  }

  @Test
  void resumesInsideANestedReplyArrivingByteByByte() {
    String reply = "*3\r\n$5\r\nhello\r\n*2\r\n:1\r\n$-1\r\n+done\r\n";
    ReplyScanner scanner = new ReplyScanner();
    ByteBuf in = Unpooled.buffer();
    int found = -1;
    byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      in.writeByte(bytes[i]);
      found = scanner.scan(in);
      if (i < bytes.length - 1) {
        assertThat(found).as("after %d bytes", i + 1).isEqualTo(-1);
      }
    }
    assertThat(found).isEqualTo(bytes.length);
    in.release();
  }

  @Test
  void findsTheEndOfAReplyNested100000Deep() {
    String reply = "*1\r\n".repeat(100_000) + "$1\r\nx\r\n";
    assertThat(split(reply + "+OK\r\n")).containsExactly(reply, "+OK\r\n");
  }

  @Test
  void resumesInsideAReplyNested1000DeepArrivingInSmallReads() {
    String reply = "*2\r\n" + "*1\r\n".repeat(1000) + ":1\r\n" + "*1\r\n".repeat(1000) + "*0\r\n";
    byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
    ReplyScanner scanner = new ReplyScanner();
    ByteBuf in = Unpooled.buffer();
    for (int from = 0; from < bytes.length; from += 7) {
      assertThat(scanner.scan(in)).as("after %d bytes", from).isEqualTo(-1);
      in.writeBytes(bytes, from, Math.min(7, bytes.length - from));
    }
    assertThat(scanner.scan(in)).isEqualTo(bytes.length);
    in.release();
  }

  @Test
  void recordsTheElementsOfAnArrayOfTheExpectedLengthAsTheSecondScanWould() {
    String reply = "*4\r\n$5\r\nhello\r\n$-1\r\n*2\r\n:1\r\n*1\r\n+x\r\n_\r\n";
    ByteBuf in =
        ByteBufAllocator.DEFAULT.directBuffer().writeBytes(reply.getBytes(StandardCharsets.UTF_8));
    ReplyScanner scanner = new ReplyScanner();

    assertThat(scanner.scan(in, 4)).isEqualTo(reply.length());
    assertThat(scanner.elementBounds())
        .containsExactly(Replies.elementBounds(in, 4))
        .containsExactly(4, 15, 20, 36, 39);
    in.release();
  }

  @Test
  void recordsTheElementsOfAnArrayArrivingByteByByte() {
    String reply = "*3\r\n$3\r\nabc\r\n$-1\r\n$10\r\n0123456789\r\n";
    byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
    ReplyScanner scanner = new ReplyScanner();
    ByteBuf in = Unpooled.buffer();
    for (byte b : bytes) {
      assertThat(scanner.scan(in, 3)).isEqualTo(-1);
      in.writeByte(b);
    }
    assertThat(scanner.scan(in, 3)).isEqualTo(bytes.length);
    assertThat(scanner.elementBounds()).containsExactly(Replies.elementBounds(in, 3));
    in.release();
  }

  @Test
  void recordsNothingForAnotherLengthAnErrorOrANilArray() {
    ReplyScanner scanner = new ReplyScanner();
    ByteBuf in =
        Unpooled.copiedBuffer("*1\r\n:1\r\n-ERR no\r\n*-1\r\n:7\r\n", StandardCharsets.UTF_8);
    for (int expected : new int[] {2, 1, -1}) {
      in.skipBytes(scanner.scan(in, expected));
      assertThat(scanner.elementBounds()).as("expecting %d", expected).isNull();
    }
    in.skipBytes(scanner.scan(in));
    assertThat(scanner.elementBounds()).isNull();
    in.release();
  }

  @Test
  void unknownTypeByteIsAnError() {
    ByteBuf in = Unpooled.copiedBuffer("?x\r\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> new ReplyScanner().scan(in)).isInstanceOf(RespProtocolException.class);
    in.release();
  }

  /** The replies in {@code wire}, found in a direct buffer as the proxy reads them. */
  private static List<String> split(String wire) {
    byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
    ByteBuf in = ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    ReplyScanner scanner = new ReplyScanner();
    List<String> replies = new ArrayList<>();
    int length;
    while (in.isReadable() && (length = scanner.scan(in)) > 0) {
      replies.add(in.readSlice(length).toString(StandardCharsets.UTF_8));
    }
    in.release();
    return replies;
  }
}
