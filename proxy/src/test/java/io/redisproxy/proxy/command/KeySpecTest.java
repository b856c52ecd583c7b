package io.redisproxy.proxy.command;

import static io.redisproxy.proxy.command.ArgumentsOf.words;
import static io.redisproxy.proxy.command.KeySpec.afterKeyword;
import static io.redisproxy.proxy.command.KeySpec.afterOption;
import static io.redisproxy.proxy.command.KeySpec.all;
import static io.redisproxy.proxy.command.KeySpec.counted;
import static io.redisproxy.proxy.command.KeySpec.forSubcommands;
import static io.redisproxy.proxy.command.KeySpec.range;
import static io.redisproxy.proxy.command.KeySpec.sortWithStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySpecTest {

  @Test
  void rangeFindsOneKeyOrEveryStepthUpToTheEnd() {
    assertThat(keys(range(1, 1, 1), "GET k")).containsExactly(1);
    assertThat(keys(range(1, 1, 1), "SET k v EX 10")).containsExactly(1);
    assertThat(keys(range(1, -1, 1), "DEL a b c")).containsExactly(1, 2, 3);
    assertThat(keys(range(1, -1, 2), "MSET a 1 b 2 c 3")).containsExactly(1, 3, 5);
    assertThat(keys(range(2, -1, 1), "BITOP AND dest a b")).containsExactly(2, 3, 4);
    assertThat(keys(range(1, 2, 1), "COPY src dst REPLACE")).containsExactly(1, 2);
  }

  @Test
  void rangeWithNegativeLastStopsBeforeTheTrailingArguments() {
    assertThat(keys(range(1, -2, 1), "BLPOP a b c 0")).containsExactly(1, 2, 3);
    assertThat(keys(range(1, -2, 1), "BLPOP a 0")).containsExactly(1);
  }

  @Test
  void rangeFindsNothingPastTheArguments() {
    assertThat(keys(range(1, 2, 1), "RENAME a")).containsExactly(1);
    assertThat(keys(range(2, 2, 1), "OBJECT ENCODING")).isEmpty();
  }

  @Test
  void countedReadsTheKeyCountFromItsArgument() {
    assertThat(keys(counted(2, 1, 1), "EVAL script 2 a b arg")).containsExactly(3, 4);
    assertThat(keys(counted(2, 1, 1), "EVAL script 0 arg")).isEmpty();
    assertThat(keys(counted(1, 1, 1), "ZUNION 3 a b c WITHSCORES")).containsExactly(2, 3, 4);
  }

  @Test
  void countedRefusesACountThatIsNoNumberOrNegative() {
    assertThat(refuses(counted(2, 1, 1), "EVAL script two a b")).isTrue();
    assertThat(refuses(counted(2, 1, 1), "EVAL script -1 a")).isTrue();
    assertThat(refuses(counted(2, 1, 1), "EVAL script 99999999999999999999 a")).isTrue();
  }

  @Test
  void countedRefusesMoreKeysThanArguments() {
    assertThat(refuses(counted(2, 1, 1), "EVAL script 3 a b")).isTrue();
    assertThat(refuses(counted(1, 1, 1), "SINTERCARD 2 a")).isTrue();
    assertThat(refuses(counted(2, 1, 1), "EVAL script")).isTrue();
  }

  @Test
  void afterKeywordTakesItsFractionOfWhatFollows() {
    assertThat(keys(afterKeyword("STREAMS", 1, 2), "XREAD COUNT 5 STREAMS a b 0 0"))
        .containsExactly(4, 5);
    assertThat(keys(afterKeyword("STREAMS", 1, 2), "xread streams a $")).containsExactly(2);
    assertThat(keys(afterKeyword("STREAMS", 4, 2), "XREADGROUP GROUP streams c STREAMS s >"))
        .containsExactly(5);
  }

  @Test
  void afterKeywordRefusesAnOddRemainderOrAMissingKeyword() {
    assertThat(refuses(afterKeyword("STREAMS", 1, 2), "XREAD STREAMS a b 0")).isTrue();
    assertThat(refuses(afterKeyword("STREAMS", 1, 2), "XREAD STREAMS")).isTrue();
    assertThat(refuses(afterKeyword("STREAMS", 1, 2), "XREAD COUNT 5 a 0")).isTrue();
  }

  @Test
  void afterOptionFindsTheKeyAfterTheFirstOptionWhenGiven() {
    KeySpec store = afterOption("STORE", 6);
    assertThat(keys(store, "GEORADIUS k 0 0 1 m")).isEmpty();
    assertThat(keys(store, "GEORADIUS k 0 0 1 m COUNT 3 store dest")).containsExactly(9);
    assertThat(keys(store, "GEORADIUS k 0 0 1 m STORE a STORE b")).containsExactly(7);
    assertThat(keys(store, "GEORADIUS k 0 0 1 m STORE")).isEmpty();
    assertThat(keys(store, "GEORADIUS store 0 0 1 m")).isEmpty();
  }

  @Test
  void sortFindsTheLastStoreDestinationAndSkipsOptionArguments() {
    assertThat(keys(sortWithStore(), "SORT k")).containsExactly(1);
    assertThat(keys(sortWithStore(), "SORT k ALPHA STORE d")).containsExactly(1, 4);
    assertThat(keys(sortWithStore(), "SORT k STORE d STORE e")).containsExactly(1, 5);
    assertThat(keys(sortWithStore(), "SORT k BY store GET store")).containsExactly(1);
    assertThat(keys(sortWithStore(), "SORT k LIMIT 0 store STORE d")).containsExactly(1, 6);
    assertThat(keys(sortWithStore(), "SORT k STORE")).containsExactly(1);
  }

  @Test
  void forSubcommandsFindsKeysOnlyForTheKeyedSubcommands() {
    KeySpec object = forSubcommands(range(2, 2, 1), "ENCODING", "FREQ");
    assertThat(keys(object, "OBJECT ENCODING k")).containsExactly(2);
    assertThat(keys(object, "object freq k")).containsExactly(2);
    assertThat(keys(object, "OBJECT HELP")).isEmpty();
    assertThat(keys(object, "OBJECT HELP k")).isEmpty();
    assertThat(keys(object, "OBJECT")).isEmpty();
  }

  @Test
  void forSubcommandsPassesOnARefusal() {
    KeySpec counted = forSubcommands(counted(2, 1, 1), "RUN");
    assertThat(refuses(counted, "SCRIPTS RUN 2 a")).isTrue();
    assertThat(keys(counted, "SCRIPTS LIST 2 a")).isEmpty();
  }

  @Test
  void allConcatenatesKeysAndRefusesWhenAnyPartRefuses() {
    KeySpec zunionstore = all(range(1, 1, 1), counted(2, 1, 1));
    assertThat(keys(zunionstore, "ZUNIONSTORE d 2 a b WEIGHTS 1 2")).containsExactly(1, 3, 4);
    assertThat(refuses(zunionstore, "ZUNIONSTORE d 3 a b")).isTrue();
  }

  @Test
  void noneFindsNoKeys() {
    assertThat(keys(KeySpec.NONE, "PING hello")).isEmpty();
  }

  private static List<Integer> keys(KeySpec spec, String line) {
    KeyIndexes out = new KeyIndexes();
    assertThat(spec.find(words(line), out)).as("keys of '%s' are found", line).isTrue();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      indexes.add(out.get(i));
    }
    return indexes;
  }

  private static boolean refuses(KeySpec spec, String line) {
    return !spec.find(words(line), new KeyIndexes());
  }
}
