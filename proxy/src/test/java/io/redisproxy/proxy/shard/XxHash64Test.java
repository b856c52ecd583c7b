package io.redisproxy.proxy.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XxHash64Test {
  private static final String LONG_INPUT =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefXYZ";

  /** Values of the reference implementation, libxxhash's XXH64. */
  @ParameterizedTest(name = "xxh64(\"{0}\", seed {1})")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0|EF46DB3751D8E999",
        "a|0|D24EC4F1A98C6E5B",
        "abc|0|44BC2CF5AD770999",
        "user:1000|0|4836AE4227B0500A",
        "0123456789abcdef0123456789abcdef|0|642A94958E71E6C5",
        "Nobody inspects the spammish repetition|0|FBCEA83C8A378BF1",
        "The quick brown fox jumps over the lazy dog|0|0B242D361FDA71BC",
        LONG_INPUT + "|0|5B15F946643395E4",
        "''|42|98B1582B0977E704",
        "abc|42|13C1D910702770E6",
        "Nobody inspects the spammish repetition|42|44582824CA1018B5",
        LONG_INPUT + "|42|CA0B21E62EDAECE7"
      })
  void matchesTheReferenceImplementation(String input, long seed, String expectedHex) {
    ByteBuf heap = KeySample.ascii(input);
    ByteBuf direct = KeySample.directSlice(input);

    long expected = Long.parseUnsignedLong(expectedHex, 16);
    assertThat(XxHash64.hash(heap, 0, heap.readableBytes(), seed)).isEqualTo(expected);
    assertThat(XxHash64.hash(direct, 0, direct.readableBytes(), seed)).isEqualTo(expected);
    direct.release();
  }

  @Test
  void hashesOnlyItsRangeWhereverTheBytesLive() {
    byte[] input = LONG_INPUT.getBytes(StandardCharsets.US_ASCII);
    long expected = Long.parseUnsignedLong("5B15F946643395E4", 16);
    ByteBuf direct = Unpooled.directBuffer(input.length + 20);
    CompositeByteBuf composite = Unpooled.compositeBuffer();
    try {
      direct.writeBytes("garbage".getBytes(StandardCharsets.US_ASCII)).writeBytes(input);
      direct.writeBytes("more garbage".getBytes(StandardCharsets.US_ASCII));
      composite.addComponents(
          true,
          Unpooled.wrappedBuffer(input, 0, 13),
          Unpooled.wrappedBuffer(input, 13, 30),
          Unpooled.wrappedBuffer(input, 43, input.length - 43));

      assertThat(XxHash64.hash(direct, 7, input.length)).isEqualTo(expected);
      assertThat(XxHash64.hash(composite, 0, input.length)).isEqualTo(expected);
      assertThat(direct.readerIndex()).isZero();
    } finally {
      direct.release();
      composite.release();
    }
  }
}
