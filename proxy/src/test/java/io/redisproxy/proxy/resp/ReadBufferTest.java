package io.redisproxy.proxy.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
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
  void aStreamOfSmallFramesInLargeReadsStaysContiguous() {
    ReadBuffer input = new ReadBuffer();
    int frame = 100;
    int pending = 0;
    for (int read = 0; read < 50; read++) {
      ByteBuf buf = input.append(alloc.buffer(64 * 1024).writeZero(64 * 1024), alloc);
      pending += 64 * 1024;
      // A consumer takes every complete frame; the tail is a part of the next one.
      buf.skipBytes(pending / frame * frame);
      pending %= frame;
      assertThat(buf).as("after read %d", read).isNotInstanceOf(CompositeByteBuf.class);
      input.compact();
    }
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

  @Test
  void aLargeFrameIsGatheredFromItsReadsWithoutCopyingThem() {
    ReadBuffer input = new ReadBuffer();
    List<ByteBuf> reads = new ArrayList<>();
    ByteBuf buf = null;
    for (int read = 0; read < 64; read++) {
      ByteBuf chunk = alloc.buffer(16 * 1024).writeZero(16 * 1024 - 1).writeByte(read);
      reads.add(chunk);
      buf = input.append(chunk, alloc);
    }
    assertThat(buf).isInstanceOf(CompositeByteBuf.class);
    assertThat(((CompositeByteBuf) buf).numComponents())
        .as("reads held as they came")
        .isGreaterThan(60);
    assertThat(buf.readableBytes()).isEqualTo(64 * 16 * 1024);
    for (int read = 0; read < 64; read++) {
      assertThat(buf.getByte((read + 1) * 16 * 1024 - 1)).isEqualTo((byte) read);
    }
    // The last reads are the buffer's components: their bytes were not copied.
    assertThat(reads.get(63).refCnt()).isEqualTo(1);
    input.release();
    assertThat(reads).allSatisfy(read -> assertThat(read.refCnt()).isZero());
  }

  @Test
  void readsOfAGatheredStreamAreFreedOnceTheFramesTakenFromThemAre() {
    ReadBuffer input = new ReadBuffer();
    List<ByteBuf> reads = new ArrayList<>();
    List<ByteBuf> frames = new ArrayList<>();
    int frame = 100_000;
    int consumed = 0;
    int received = 0;
    for (int read = 0; read < 200; read++) {
      ByteBuf chunk = alloc.buffer(7_000);
      for (int i = 0; i < 7_000; i++) {
        chunk.writeByte((received + i) / frame);
      }
      received += 7_000;
      reads.add(chunk);
      ByteBuf buf = input.append(chunk, alloc);
      while (buf.readableBytes() >= frame) {
        ByteBuf taken = buf.retainedSlice(buf.readerIndex(), frame);
        buf.skipBytes(frame);
        assertThat(taken.getByte(0)).isEqualTo((byte) (consumed / frame));
        assertThat(taken.getByte(frame - 1)).isEqualTo((byte) (consumed / frame));
        consumed += frame;
        frames.add(taken);
      }
      input.compact();
      // A consumer writes its frames out and lets go of them a little later.
      while (frames.size() > 2) {
        frames.remove(0).release();
      }
    }
    frames.forEach(ByteBuf::release);
    long alive = reads.stream().filter(read -> read.refCnt() > 0).count();
    assertThat(alive).as("reads still held with only the unconsumed tail left").isLessThan(20);
    input.release();
    assertThat(reads).allSatisfy(read -> assertThat(read.refCnt()).isZero());
  }
}
