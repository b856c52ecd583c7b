package io.redisproxy.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class DirectReadsTest {
  private static final byte[] BYTES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 0xFF};

  @Test
  void readsADirectSliceByAddressAsItsCheckedMethodsWould() {
    ByteBuf read = ByteBufAllocator.DEFAULT.directBuffer(32).writeZero(3).writeBytes(BYTES);
    ByteBuf slice = read.retainedSlice(3, BYTES.length);
    long address = DirectReads.address(slice, 0, BYTES.length);

    assertThat(address).isNotZero();
    assertThat(DirectReads.getByte(slice, address, 11)).isEqualTo(slice.getByte(11));
    assertThat(DirectReads.getUnsignedIntLE(slice, address, 8))
        .isEqualTo(slice.getUnsignedIntLE(8));
    assertThat(DirectReads.getLongLE(slice, address, 4)).isEqualTo(slice.getLongLE(4));
    slice.release();
    read.release();
  }

  @Test
  void aHeapBufferOrARangeOutsideTheBufferIsReadThroughItsCheckedMethods() {
    ByteBuf heap = Unpooled.wrappedBuffer(BYTES);
    ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(4).writeBytes(BYTES, 0, 4);
    ByteBuf slice = direct.slice(0, 4);

    assertThat(DirectReads.address(heap, 0, 4)).isZero();
    assertThat(DirectReads.getLongLE(heap, 0, 2)).isEqualTo(heap.getLongLE(2));
    assertThat(DirectReads.address(slice, 1, 4)).isZero();
    assertThat(DirectReads.address(slice, -1, 2)).isZero();
    assertThatThrownBy(() -> DirectReads.getLongLE(slice, 0, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    direct.release();
  }
}
