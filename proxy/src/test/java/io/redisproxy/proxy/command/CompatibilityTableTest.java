package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.redisproxy.proxy.command.CompatibilityTable.RedisCommand;
import io.redisproxy.proxy.command.CompatibilityTable.Row;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompatibilityTableTest {
  private final CompatibilityTable table = CompatibilityTable.standard();

  @Test
  void eachCommandIsShownAsTheCommandTableServesIt() {
    List<Row> rows =
        table.rows(
            List.of(
                new RedisCommand("mget", "string", Set.of()),
                new RedisCommand("get", "string", Set.of()),
                new RedisCommand("flushall", "server", Set.of()),
                new RedisCommand("ping", "connection", Set.of()),
                new RedisCommand("migrate", "generic", Set.of())));
    assertThat(rows)
        .containsExactly(
            new Row("generic", "MIGRATE", "refused", RedisCommands.refused().get("migrate")),
            new Row("string", "GET", "by key", ""),
            new Row("string", "MGET", "split per shard", "replies merged in key order"),
            new Row("connection", "PING", "answered by the proxy", ""),
            new Row("server", "FLUSHALL", "every shard", "OK when every shard said OK"));
  }

  @Test
  void subcommandsServedAlikeMakeOneRowAndOthersARowEach() {
    List<Row> rows =
        table.rows(
            List.of(
                new RedisCommand("cluster", "cluster", Set.of("nodes", "info")),
                new RedisCommand("config", "server", Set.of("set", "get", "rewrite"))));
    assertThat(rows)
        .extracting(Row::command, Row::served)
        .containsExactly(
            tuple("CONFIG GET", "one shard"),
            tuple("CONFIG REWRITE", "refused"),
            tuple("CONFIG SET", "every shard"),
            tuple("CLUSTER (every subcommand)", "refused"));
  }

  @Test
  void whatTheCommandTableDoesNotClassifyIsNamed() {
    List<RedisCommand> commands =
        List.of(
            new RedisCommand("get", "string", Set.of()),
            new RedisCommand("frobnicate", "generic", Set.of()),
            new RedisCommand("client", "connection", Set.of("kill", "frob")));
    assertThat(table.unclassified(commands)).containsExactly("frobnicate", "client|frob");
    assertThat(table.rows(commands))
        .contains(new Row("generic", "FROBNICATE", "unknown", ""))
        .contains(new Row("connection", "CLIENT FROB", "unknown", ""));
  }

  @Test
  void theTableReplacesWhatIsBetweenTheMarkers() {
    String readme =
        "intro\n" + CompatibilityTable.START + "\nold\n" + CompatibilityTable.END + "\nrest\n";
    String table =
        this.table.markdown(List.of(new RedisCommand("get", "string", Set.of())), "a list");
    assertThat(CompatibilityTable.replaceIn(readme, table))
        .isEqualTo(
            "intro\n"
                + CompatibilityTable.START
                + "\n<!-- Generated from a list and the proxy's command table by"
                + " hack/update-compat-table.sh; edit the command table, not this. -->\n"
                + "\n**string**\n\n| command | through the proxy | notes |\n| --- | --- | --- |\n"
                + "| GET | by key |  |\n"
                + CompatibilityTable.END
                + "\nrest\n");
    assertThatThrownBy(() -> CompatibilityTable.replaceIn("no markers", table))
        .hasMessageContaining(CompatibilityTable.START);
  }
}
