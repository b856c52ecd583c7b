package io.redisproxy.proxy.command;

import static io.redisproxy.proxy.command.ArgumentsOf.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommandTableTest {
  private final CommandTable table = CommandTable.standard();

  @Test
  void lookupIgnoresTheCaseOfTheName() {
    assertThat(table.lookup(of("GET", "k")).name()).isEqualTo("get");
    assertThat(table.lookup(of("get", "k")).name()).isEqualTo("get");
    assertThat(table.lookup(of("gEt", "k")).name()).isEqualTo("get");
    assertThat(table.lookup(of("ZREVRANGEBYSCORE")).name()).isEqualTo("zrevrangebyscore");
  }

  @Test
  void lookupFindsEveryCommandOfTheTableByItsUpperCaseName() {
    for (CommandSpec spec : table.all()) {
      assertThat(table.lookup(of(spec.name().toUpperCase(Locale.ROOT))))
          .as(spec.name())
          .isSameAs(spec);
    }
  }

  @Test
  void lookupOfAnUnknownNameGivesNull() {
    assertThat(table.lookup(of("nosuchcommand"))).isNull();
    assertThat(table.lookup(of("ge"))).isNull();
    assertThat(table.lookup(of("gett"))).isNull();
    assertThat(table.lookup(of(""))).isNull();
    assertThat(table.lookup(of("gÉt"))).isNull();
    assertThat(table.lookup(new ArgumentsOf(new byte[][] {{(byte) 0xc7, (byte) 0xc5, 'T'}})))
        .isNull();
  }

  @Test
  void lookupReadsOnlyTheCommandName() {
    Arguments nameOnly =
        new Arguments() {
          private final Arguments args = of("HGETALL", "key");

          @Override
          public int count() {
            throw new AssertionError("lookup asked for the argument count");
          }

          @Override
          public int length(int arg) {
            assertThat(arg).as("argument read by lookup").isZero();
            return args.length(arg);
          }

          @Override
          public byte byteAt(int arg, int position) {
            assertThat(arg).as("argument read by lookup").isZero();
            return args.byteAt(arg, position);
          }
        };
    assertThat(table.lookup(nameOnly).name()).isEqualTo("hgetall");
  }

  @Test
  void getIgnoresCaseToo() {
    assertThat(table.get("XREADGROUP").name()).isEqualTo("xreadgroup");
    assertThat(table.get("nosuchcommand")).isNull();
  }

  @Test
  void aCommandListedTwiceIsRejected() {
    CommandSpec get = new CommandSpec("get", 2, false, Handling.FORWARD, KeySpec.range(1, 1, 1));
    CommandSpec getAgain = new CommandSpec("get", -2, true, Handling.FORWARD, KeySpec.NONE);

    assertThatThrownBy(() -> new CommandTable(List.of(get, getAgain)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'get'");
  }

  @Test
  void theStandardTableListsEveryCommandOnce() {
    assertThat(RedisCommands.all()).extracting(CommandSpec::name).doesNotHaveDuplicates();
    assertThat(table.all()).hasSameSizeAs(RedisCommands.all());
  }

  @Test
  void aCrowdedTableStillFindsEveryName() {
    List<CommandSpec> specs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      specs.add(new CommandSpec("cmd" + i, -1, false, Handling.LOCAL, KeySpec.NONE));
    }
    CommandTable crowded = new CommandTable(specs);

    for (int i = 0; i < 500; i++) {
      assertThat(crowded.lookup(of("CMD" + i)).name()).isEqualTo("cmd" + i);
    }
    assertThat(crowded.lookup(of("cmd500"))).isNull();
  }

  @Test
  void positiveArityIsExact() {
    CommandSpec get = table.get("get");

    assertThat(get.arityAccepts(2)).isTrue();
    assertThat(get.arityAccepts(1)).isFalse();
    assertThat(get.arityAccepts(3)).isFalse();
  }

  @Test
  void negativeArityIsAMinimum() {
    CommandSpec set = table.get("set");

    assertThat(set.arityAccepts(2)).isFalse();
    assertThat(set.arityAccepts(3)).isTrue();
    assertThat(set.arityAccepts(7)).isTrue();
  }

  @Test
  void whatRedisDoesNotKnowGetsRedisTextAndWhatItHasGetsTheReason() {
    assertThat(new String(table.rejection(of("foo", "a", "b"))))
        .isEqualTo("ERR unknown command 'foo', with args beginning with: 'a' 'b' ");
    assertThat(new String(table.rejection(of("client", "x"))))
        .isEqualTo("ERR unknown subcommand 'x'. Try CLIENT HELP.");
    assertThat(new String(table.rejection(of("config", "rewrite"))))
        .startsWith("ERR 'config|rewrite' is not served by the proxy: ");
    assertThat(new String(table.rejection(of("monitor"))))
        .startsWith("ERR 'monitor' is not served by the proxy: ");
  }
}
