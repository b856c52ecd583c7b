package io.redisproxy.proxy.shard;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Selectors read only the key's bytes, wherever the key sits and whatever holds it. */
class SliceTest {
  private static final List<String> NAMES = KeySample.shardNames(10);
  private static final List<String> KEYS =
      List.of(
          "",
          "a",
          "user:1000",
          "{user1000}.following",
          "foo{}{bar}",
          "}tag{",
          "a key longer than thirty-two bytes, so XXH64 takes its stripe path");

  /** Bytes around the key that would change its shard if a selector read them. */
  private static final String BEFORE = "*3\r\n$3\r\nGET\r\n{x";

  private static final String AFTER = "y}\r\n";

  @FunctionalInterface
  interface KeyFunction {
    int apply(ByteBuf buf, int index, int length);
  }

  static Stream<Named<KeyFunction>> selectors() {
    Maglev maglev = new Maglev(NAMES);
    Ketama ketama = new Ketama(NAMES);
    return Stream.of(
        Named.of("maglev", maglev::shardOf),
        Named.of("ketama", ketama::shardOf),
        Named.of("hash-tagged maglev", new HashTaggedSelector(maglev)::shardOf),
        Named.of("hash-tagged ketama", new HashTaggedSelector(ketama)::shardOf),
        Named.of("cluster slots", Slots::slotOf));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void aKeyGetsTheSameAnswerInAnyBuffer(KeyFunction selector) {
    for (String key : KEYS) {
      int alone = selector.apply(KeySample.ascii(key), 0, key.length());
      byte[] framed = (BEFORE + key + AFTER).getBytes(ISO_8859_1);
      ByteBuf heap = Unpooled.wrappedBuffer(framed);
      ByteBuf direct = Unpooled.directBuffer(framed.length).writeBytes(framed);
      CompositeByteBuf composite =
          Unpooled.compositeBuffer()
              .addComponents(
                  true,
                  Unpooled.wrappedBuffer(framed, 0, BEFORE.length() + 1),
                  Unpooled.wrappedBuffer(
                      framed, BEFORE.length() + 1, framed.length - BEFORE.length() - 1));
      try {
        for (ByteBuf buf : List.of(heap, direct, composite)) {
          assertThat(selector.apply(buf, BEFORE.length(), key.length()))
              .as("'%s' in a %s", key, buf.getClass().getSimpleName())
              .isEqualTo(alone);
          assertThat(buf.readerIndex()).isZero();
          assertThat(buf.writerIndex()).isEqualTo(framed.length);
        }
      } finally {
        direct.release();
        composite.release();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void aKeyReachingPastItsBufferIsRefused(KeyFunction selector) {
    byte[] bytes = "user:1000".getBytes(ISO_8859_1);
    ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    ByteBuf slice = Unpooled.wrappedBuffer("{user}:1000".getBytes(ISO_8859_1)).slice(0, 6);
    try {
      assertThatThrownBy(() -> selector.apply(direct, 5, bytes.length))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> selector.apply(slice, 2, 9))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(selector.apply(direct, 0, bytes.length))
          .isEqualTo(selector.apply(KeySample.ascii("user:1000"), 0, bytes.length));
    } finally {
      direct.release();
    }
  }
}
