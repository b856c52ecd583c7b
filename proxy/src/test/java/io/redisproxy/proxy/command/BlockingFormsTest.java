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

  private boolean blocks(String... words) {
    ArgumentsOf args = ArgumentsOf.of(words);
    return BlockingForms.blocks(table.lookup(args), args);
  }
}
