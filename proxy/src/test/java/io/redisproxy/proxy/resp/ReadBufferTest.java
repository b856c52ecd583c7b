package io.redisproxy.proxy.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBufferTest {
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void handedOutFramesNeverMakeTheBufferGrowBeyondWhatIsUnconsumed() {
    ReadBuffer input = new ReadBuffer();
    List<ByteBuf> frames = new ArrayList<>();
    for (int read = 0; read < 200; read++) {
      ByteBuf chunk = alloc.buffer(1000).writeZero(1000);
      ByteBuf buf = input.append(chunk, alloc);
      // A consumer takes a 900-byte frame and keeps it (a reply the client has not read yet).
      frames.add(buf.retainedSlice(buf.readerIndex(), 900));
      buf.skipBytes(900);
      assertThat(buf.capacity()).as("after read %d", read).isLessThan(64 * 1024);
    }
    frames.forEach(ByteBuf::release);
    input.release();
  }

  @Test
  void aLargeFrameArrivingInPiecesKeepsAllItsBytes() {
    ReadBuffer input = new ReadBuffer();
    ByteBuf held = null;
    ByteBuf buf = null;
    for (int read = 0; read < 100; read++) {
      buf = input.append(alloc.buffer(4096).writeZero(4095).writeByte(read), alloc);
      if (held == null) {
        held = buf.retainedSlice(0, 1);
      }
    }
    assertThat(buf.readableBytes()).isEqualTo(100 * 4096);
    assertThat(buf.getByte(buf.readerIndex() + 99 * 4096 + 4095)).isEqualTo((byte) 99);
    held.release();
    input.release();
  }
}
