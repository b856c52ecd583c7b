package io.redisproxy.proxy.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlotsTest {
  @Test
  void crc16IsXmodem() {
    // The check value Redis' crc16.c documents for its CRC16.
    ByteBuf buf = KeySample.ascii("123456789");

    assertThat(Crc16.crc16(buf, 0, 9)).isEqualTo(0x31C3);
    assertThat(Crc16.crc16(buf, 0, 0)).isZero();
  }

  /** Slots as redis-server 7.0's CLUSTER KEYSLOT gives them. */
  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "123456789|12739",
        "foo|12182",
        "bar|5061",
        "a|15495",
        "user1000|3443",
        "{user1000}.following|3443",
        "{user1000}.followers|3443",
        "foo{}{bar}|8363",
        "foo{{bar}}zap|4015",
        "foo{bar}{zap}|5061",
        "{a}{b}|15495",
        "}{a}|15495",
        "{}|15257",
        "{|4092",
        "a{b|13340",
        "''|0"
      })
  void matchesRedisClusterKeySlot(String key, int slot) {
    ByteBuf buf = KeySample.ascii("{" + key + "}");

    assertThat(Slots.slotOf(buf, 1, key.length())).isEqualTo(slot);
  }
}
