package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortPatternsTest {
  @Test
  void findsThePatternsThatNameKeys() {
    assertThat(patterns("SORT l BY w_* GET o_* GET # GET {u}:*->f")).containsExactly(3, 5, 9);
    assertThat(patterns("SORT_RO l GET #")).isEmpty();
    assertThat(patterns("SORT l BY nosort GET const")).isEmpty();
    assertThat(patterns("SORT l LIMIT 0 10 ALPHA DESC STORE dst")).isEmpty();
  }

  @Test
  void readsOptionsAsRedisDoes() {
    assertThat(patterns("SORT l STORE by GET o_*")).containsExactly(5);
    assertThat(patterns("SORT l LIMIT by get BY w_*")).containsExactly(6);
    assertThat(patterns("SORT l GET")).isEmpty();
    assertThat(patterns("SORT l BY get GET w_*")).containsExactly(5);
  }

  @Test
  void theFixedPartEndsAtTheFirstStar() {
    ArgumentsOf args = ArgumentsOf.of("SORT", "l", "BY", "{u}:w_*->f*", "GET", "*");
    assertThat(SortPatterns.fixedLength(args, 3)).isEqualTo(6);
    assertThat(SortPatterns.fixedLength(args, 5)).isZero();
  }

  @Test
  void onlySortCommandsHavePatterns() {
    CommandTable table = CommandTable.standard();
    assertThat(SortPatterns.sorts(table.lookup(ArgumentsOf.of("sort_ro", "l")))).isTrue();
    assertThat(SortPatterns.sorts(table.lookup(ArgumentsOf.of("SORT", "l")))).isTrue();
    assertThat(SortPatterns.sorts(table.lookup(ArgumentsOf.of("GET", "l")))).isFalse();
  }

  private static List<Integer> patterns(String line) {
    ArgumentsOf args = ArgumentsOf.of(line.split(" "));
    List<Integer> found = new ArrayList<>();
    for (int arg = SortPatterns.next(args, 2); arg > 0; arg = SortPatterns.next(args, arg + 1)) {
      found.add(arg);
    }
    return found;
  }
}
