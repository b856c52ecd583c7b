package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalsTest {
  private final CommandTable table = CommandTable.standard();

  @Test
  void sortWithPatternsIsRefusedButPlainSortIsServed() {
    assertThat(refusal("SORT", "list", "BY", "weight_*")).contains("BY or GET patterns");
    assertThat(refusal("SORT", "list", "GET", "object_*")).contains("BY or GET patterns");
    assertThat(refusal("SORT_RO", "list", "GET", "#", "GET", "x_*")).contains("BY or GET");
    assertThat(refusal("SORT", "list", "BY", "nosort", "GET", "#")).isNull();
    assertThat(refusal("SORT", "list", "LIMIT", "0", "10", "ALPHA", "STORE", "dst")).isNull();
    assertThat(refusal("SORT", "list", "STORE", "by")).isNull();
  }

  @Test
  void otherCommandsAreServed() {
    assertThat(refusal("GET", "k")).isNull();
  }

  private String refusal(String... words) {
    ArgumentsOf args = ArgumentsOf.of(words);
    return Refusals.refusal(table.lookup(args), args);
  }
}
