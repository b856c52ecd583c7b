package io.redisproxy.proxy.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorEffectsTest {
  private static final long NOW = 1_700_000_000_000L;

  /** What is mirrored for {@code command} answered {@code reply}, as words; null for nothing. */
  private static List<String> mirrored(String reply, String... command) {
    RespRequest request = RequestDecoder.encode(ByteBufAllocator.DEFAULT, command);
    ByteBuf answer = Unpooled.copiedBuffer(reply, StandardCharsets.UTF_8);
    try {
      ByteBuf effect =
          MirrorEffects.effect(
              request, command[0].toLowerCase(), answer, ByteBufAllocator.DEFAULT, () -> NOW);
      if (effect == null) {
        return null;
      }
      try {
        RespRequest decoded = new RequestDecoder(1 << 20).decode(effect, ByteBufAllocator.DEFAULT);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < decoded.count(); i++) {
          words.add(decoded.text(i));
        }
        decoded.release();
        return words;
      } finally {
        effect.release();
      }
    } finally {
      request.release();
      answer.release();
    }
  }

  @Test
  void relativeExpiriesBecomeAbsolute() {
    assertThat(mirrored(":1\r\n", "EXPIRE", "k", "10"))
        .containsExactly("PEXPIREAT", "k", String.valueOf(NOW + 10_000));
    assertThat(mirrored("+OK\r\n", "SETEX", "k", "5", "v"))
        .containsExactly("SET", "k", "v", "PXAT", String.valueOf(NOW + 5_000));
    assertThat(mirrored("+OK\r\n", "SET", "k", "v", "PX", "250", "XX"))
        .containsExactly("SET", "k", "v", "PXAT", String.valueOf(NOW + 250));
    assertThat(mirrored("$1\r\nv\r\n", "GETEX", "k", "EX", "3"))
        .containsExactly("PEXPIREAT", "k", String.valueOf(NOW + 3_000));
    assertThat(mirrored(":1\r\n", "EXPIREAT", "k", "1800000000"))
        .containsExactly("EXPIREAT", "k", "1800000000");
  }

  @Test
  void whatChangedNothingIsNotMirrored() {
    assertThat(mirrored(":0\r\n", "EXPIRE", "missing", "10")).isNull();
    assertThat(mirrored("$-1\r\n", "SET", "k", "v", "NX")).isNull();
    assertThat(mirrored("$1\r\nx\r\n", "SET", "k", "v", "NX", "GET")).isNull();
    assertThat(mirrored("-WRONGTYPE Operation against a key\r\n", "INCR", "k")).isNull();
    assertThat(mirrored("$-1\r\n", "SPOP", "empty")).isNull();
    assertThat(mirrored("$-1\r\n", "XADD", "s", "NOMKSTREAM", "*", "f", "v")).isNull();
  }

  @Test
  void nondeterministicCommandsCarryWhatThePrimaryDid() {
    assertThat(
            mirrored("$15\r\n1700000000000-0\r\n", "XADD", "s", "MAXLEN", "~", "10", "*", "f", "v"))
        .containsExactly("XADD", "s", "MAXLEN", "~", "10", "1700000000000-0", "f", "v");
    assertThat(mirrored("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "SPOP", "set", "2"))
        .containsExactly("SREM", "set", "a", "b");
    assertThat(mirrored("$3\r\n1.5\r\n", "INCRBYFLOAT", "f", "0.5"))
        .containsExactly("SET", "f", "1.5", "KEEPTTL");
    assertThat(mirrored("*2\r\n$4\r\njobs\r\n$2\r\nj1\r\n", "BLPOP", "a", "jobs", "0"))
        .containsExactly("LPOP", "jobs");
  }

  @Test
  void resp3RepliesOfARESP3ClientCarryTheSameEffects() {
    assertThat(mirrored(",2.5\r\n", "ZINCRBY", "z", "1", "m"))
        .containsExactly("ZADD", "z", "2.5", "m");
    assertThat(mirrored(",inf\r\n", "ZINCRBY", "z", "inf", "m"))
        .containsExactly("ZADD", "z", "inf", "m");
    assertThat(mirrored("~2\r\n$1\r\na\r\n$1\r\nb\r\n", "SPOP", "set", "2"))
        .containsExactly("SREM", "set", "a", "b");
    assertThat(mirrored("_\r\n", "SPOP", "empty")).isNull();
    assertThat(mirrored("_\r\n", "SET", "k", "v", "NX")).isNull();
    assertThat(mirrored("_\r\n", "BLPOP", "jobs", "1")).isNull();
    assertThat(mirrored("*2\r\n$4\r\njobs\r\n$2\r\nj1\r\n", "BLPOP", "a", "jobs", "0"))
        .containsExactly("LPOP", "jobs");
  }

  @Test
  void aCommandSentTwiceAfterALostConnectionChangesNothingTheSecondTime() {
    assertThat(mirrored(":7\r\n", "INCRBY", "n", "2")).containsExactly("SET", "n", "7", "KEEPTTL");
    List<String> push = mirrored(":5\r\n", "RPUSH", "l", "x", "y");
    assertThat(push.get(0)).isEqualTo("EVAL");
    assertThat(push.subList(2, push.size())).containsExactly("1", "l", "3", "x", "y");
  }

  @Test
  void plainWritesAreMirroredAsSent() {
    assertThat(mirrored(":2\r\n", "DEL", "a", "b")).containsExactly("DEL", "a", "b");
    assertThat(mirrored(":1\r\n", "HSET", "h", "f", "v")).containsExactly("HSET", "h", "f", "v");
  }
}
