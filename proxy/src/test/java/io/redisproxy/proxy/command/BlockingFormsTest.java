package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockingFormsTest {
  private final CommandTable table = CommandTable.standard();

  @Test
  void streamReadsBlockOnlyWithTheBlockOption() {
    assertThat(blocks("XREAD", "BLOCK", "0", "STREAMS", "s", "$")).isTrue();
    assertThat(blocks("XREADGROUP", "GROUP", "g", "c", "BLOCK", "10", "STREAMS", "s", ">"))
        .isTrue();
    assertThat(blocks("XREAD", "COUNT", "5", "STREAMS", "block", "0")).isFalse();
    assertThat(blocks("GET", "block")).isFalse();
  }

  @Test
  void aBlockLastsAsLongAsItsTimeoutSays() {
    assertThat(blockMillis("BLPOP", "a", "b", "1.5")).isEqualTo(1500);
    assertThat(blockMillis("BLMOVE", "a", "b", "LEFT", "RIGHT", "2")).isEqualTo(2000);
    assertThat(blockMillis("BZMPOP", "0.25", "1", "z", "MIN")).isEqualTo(250);
    assertThat(blockMillis("XREADGROUP", "GROUP", "g", "c", "BLOCK", "300", "STREAMS", "s", ">"))
        .isEqualTo(300);
    assertThat(blockMillis("BLPOP", "a", "0")).isEqualTo(BlockingForms.FOR_EVER);
    assertThat(blockMillis("XREAD", "BLOCK", "0", "STREAMS", "s", "$"))
        .isEqualTo(BlockingForms.FOR_EVER);
  }

  /** Redis answers such a timeout at once, with an error. */
  @Test
  void aTimeoutRedisCannotReadDoesNotBlock() {
    assertThat(blockMillis("BLPOP", "a", "soon")).isZero();
    assertThat(blockMillis("BLPOP", "a", "-1")).isZero();
    assertThat(blockMillis("XREAD", "BLOCK", "-5", "STREAMS", "s", "$")).isZero();
  }

  private long blockMillis(String... words) {
    ArgumentsOf args = ArgumentsOf.of(words);
    return BlockingForms.blockMillis(table.lookup(args), args);
  }

  private boolean blocks(String... words) {
    ArgumentsOf args = ArgumentsOf.of(words);
    return BlockingForms.blocks(table.lookup(args), args);
  }
}
