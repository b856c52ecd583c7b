package io.redisproxy.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteCopyTest {
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void appendsARangeOfASliceAndLeavesTheSourceAsItWas() {
    ByteBuf read = alloc.directBuffer(64).writeBytes(bytes("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n"));
    ByteBuf reply = read.retainedSlice(4, 18);
    ByteBuf target = alloc.directBuffer(4).writeBytes(bytes("*1\r\n"));

    ByteCopy.append(target, reply, reply.readerIndex() + 9, 9);

    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("*1\r\n$3\r\nbar\r\n");
    assertThat(reply.readerIndex()).isZero();
    assertThat(reply.readableBytes()).isEqualTo(18);
    reply.release();
    read.release();
    target.release();
  }

  @Test
  void appendsEveryReadableByteIntoAHeapTarget() {
    ByteBuf source = alloc.directBuffer(16).writeBytes(bytes("xx+OK\r\n"));
    source.skipBytes(2);
    ByteBuf target = Unpooled.buffer(1);

    ByteCopy.append(target, source);

    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("+OK\r\n");
    assertThat(source.readableBytes()).isEqualTo(5);
    source.release();
    target.release();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
