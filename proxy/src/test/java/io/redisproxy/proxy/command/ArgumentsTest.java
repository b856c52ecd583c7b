package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
  @Test
  void integersAreReadAsRedisReadsThem() {
    assertThat(integer("0")).hasValue(0);
    assertThat(integer("42")).hasValue(42);
    assertThat(integer("-7")).hasValue(-7);
    assertThat(integer("9223372036854775807")).hasValue(Long.MAX_VALUE);
    assertThat(integer("-9223372036854775808")).hasValue(Long.MIN_VALUE);
    for (String refused :
        new String[] {
          "",
          "-",
          "-0",
          "01",
          "+1",
          "1.5",
          " 1",
          "1x",
          "9223372036854775808",
          "-9223372036854775809",
          "99999999999999999999"
        }) {
      assertThat(integer(refused)).as("'%s'", refused).isEmpty();
    }
  }

  private static OptionalLong integer(String word) {
    return ArgumentsOf.of("CMD", word).integer(1);
  }
}
