package io.redisproxy.proxy.mirror;

import static io.redisproxy.proxy.mirror.MirrorEntryTest.SET_A;
import static io.redisproxy.proxy.mirror.MirrorEntryTest.TRANSACTION;
import static io.redisproxy.proxy.mirror.MirrorEntryTest.entryOfThree;
import static io.redisproxy.proxy.mirror.MirrorEntryTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayBufferTest {
  @Test
  void aReplayBufferKeepsThePrefixThatFitsAndCountsTheRest() {
    ReplayBuffer buffer = new ReplayBuffer(10, SET_A.length() + TRANSACTION.length());
    MirrorEntry entry = entryOfThree();

    assertThat(buffer.offer(entry)).isEqualTo(2);

    assertThat(buffer.commands()).isEqualTo(2);
    assertThat(buffer.bytes()).isEqualTo(SET_A.length() + TRANSACTION.length());
    assertThat(text(entry.unsent())).isEqualTo(SET_A + TRANSACTION);
    assertThat(buffer.poll()).isSameAs(entry);
    buffer.done(entry.unitsLeft(), entry.bytesLeft());
    assertThat(buffer.commands()).isZero();
    assertThat(buffer.bytes()).isZero();
    entry.release();
  }

  @Test
  void aReplayBufferWithNoRoomKeepsNothing() {
    ReplayBuffer buffer = new ReplayBuffer(0, 1 << 20);
    MirrorEntry entry = entryOfThree();

    assertThat(buffer.offer(entry)).isZero();

    assertThat(buffer.commands()).isZero();
    assertThat(buffer.bytes()).isZero();
    assertThat(buffer.poll()).isNull();
    entry.release();
  }
}
