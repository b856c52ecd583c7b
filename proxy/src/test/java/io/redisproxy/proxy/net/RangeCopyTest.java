package io.redisproxy.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RangeCopyTest {
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void appendsRangesOfSlicesOfDirectBuffersInTheOrderAsked() {
    ByteBuf read = alloc.directBuffer(64).writeBytes(bytes("xx$1\r\na\r\n$2\r\nbc\r\n$-1\r\n"));
    ByteBuf reply = read.retainedSlice(2, read.readableBytes() - 2);
    ByteBuf target = alloc.directBuffer(64).writeBytes(bytes("*3\r\n"));
    RangeCopy copy = new RangeCopy(target, reply);

    copy.append(15, 5);
    copy.append(0, 7);
    copy.append(7, 8);

    assertThat(text(target)).isEqualTo("*3\r\n$-1\r\n$1\r\na\r\n$2\r\nbc\r\n");
    assertThat(reply.readerIndex()).isZero();
    release(read, reply, target);
  }

  @Test
  void growsATargetTooSmallAndKeepsCopyingIntoItsNewMemory() {
    ByteBuf one = alloc.directBuffer(16).writeBytes(bytes("0123456789"));
    ByteBuf two = alloc.directBuffer(16).writeBytes(bytes("abcdefghij"));
    ByteBuf target = alloc.directBuffer(4, 1 << 20);
    RangeCopy fromOne = new RangeCopy(target, one);
    RangeCopy fromTwo = new RangeCopy(target, two);

    fromOne.append(0, 3);
    fromTwo.append(0, 10);
    fromOne.append(3, 7);
    fromTwo.append(9, 1);

    assertThat(text(target)).isEqualTo("012abcdefghij3456789j");
    release(one, two, target);
  }

  @Test
  void aRangeOutsideTheSourceIsRefusedAsNettyRefusesIt() {
    ByteBuf source = alloc.directBuffer(8).writeBytes(bytes("abc"));
    ByteBuf slice = source.slice(0, 3);
    ByteBuf target = alloc.directBuffer(16);
    RangeCopy copy = new RangeCopy(target, slice);

    assertThatThrownBy(() -> copy.append(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(target.readableBytes()).isZero();
    release(source, target);
  }

  @Test
  void copiesBetweenHeapBuffersToo() {
    ByteBuf source = Unpooled.copiedBuffer("hello world", StandardCharsets.UTF_8);
    ByteBuf target = Unpooled.buffer(2);
    RangeCopy copy = new RangeCopy(target, source);

    copy.append(6, 5);
    copy.append(5, 1);
    copy.append(0, 5);

    assertThat(text(target)).isEqualTo("world hello");
    release(source, target);
  }

  private static String text(ByteBuf buf) {
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void release(ByteBuf... buffers) {
    for (ByteBuf buf : buffers) {
      buf.release();
    }
  }
}
