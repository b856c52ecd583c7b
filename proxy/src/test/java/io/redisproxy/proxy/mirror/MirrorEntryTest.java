package io.redisproxy.proxy.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MirrorEntryTest {
  static final String SET_A = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
  static final String TRANSACTION =
      "*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nb\r\n*1\r\n$4\r\nEXEC\r\n";
  private static final String SET_C = "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n";

  static MirrorEntry entryOfThree() {
    OfferBatch batch = new OfferBatch(null);
    add(batch, SET_A, 1);
    add(batch, TRANSACTION, 3);
    add(batch, SET_C, 1);
    return batch.take();
  }

  private static void add(OfferBatch batch, String frame, int replies) {
    ByteBuf bytes = Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8);
    batch.add(bytes, replies, ByteBufAllocator.DEFAULT);
    bytes.release();
  }

  static String text(ByteBuf frames) {
    return frames.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sendsEveryUnitFirstAndAcknowledgesAUnitOnItsLastReply() {
    MirrorEntry entry = entryOfThree();
    assertThat(text(entry.unsent())).isEqualTo(SET_A + TRANSACTION + SET_C);
    assertThat(entry.unitsLeft()).isEqualTo(3);

    assertThat(entry.replied()).isTrue();
    assertThat(entry.unitBytes(entry.lastAcknowledged())).isEqualTo(SET_A.length());
    assertThat(entry.replied()).isFalse();
    assertThat(entry.replied()).isFalse();
    assertThat(entry.replied()).isTrue();
    assertThat(entry.unitsLeft()).isEqualTo(1);
    assertThat(entry.finished()).isFalse();
    assertThat(entry.replied()).isTrue();
    assertThat(entry.finished()).isTrue();
    entry.release();
  }

  @Test
  void aResendStartsAtTheFirstUnitNotAcknowledgedAndOwesItEveryReply() {
    MirrorEntry entry = entryOfThree();
    entry.replied();
    entry.replied();

    entry.resend();

    assertThat(text(entry.unsent())).isEqualTo(TRANSACTION + SET_C);
    assertThat(entry.bytesLeft()).isEqualTo(TRANSACTION.length() + SET_C.length());
    assertThat(entry.replied()).isFalse();
    assertThat(entry.replied()).isFalse();
    assertThat(entry.replied()).isTrue();
    entry.release();
  }
}
