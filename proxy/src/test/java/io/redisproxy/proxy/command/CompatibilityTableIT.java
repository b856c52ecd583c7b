package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.command.CompatibilityTable.RedisCommand;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command table against a real redis-server's own list of commands (COMMAND DOCS): it
 * classifies every command and subcommand Redis has, and the README's compatibility table is what
 * {@link CompatibilityTable} makes of it now. With {@code -Dupdate.compat.table=true} (what {@value
 * CompatibilityTable#REGENERATE} runs) the README is rewritten instead.
 */
class CompatibilityTableIT {
  private static RedisServer redis;
  private static List<RedisCommand> commands;
  private static String version;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    try (RespSocket socket = redis.connect()) {
      commands = commands((List<?>) socket.command("COMMAND", "DOCS"));
    }
    String full = redis.info("server").get("redis_version");
    version = full.substring(0, full.indexOf('.', full.indexOf('.') + 1));
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void everyCommandAndSubcommandRedisHasIsServedOrRefused() {
    try (RespSocket socket = redis.connect()) {
      List<?> listed = (List<?>) socket.command("COMMAND", "LIST");
      assertThat(commands.stream().mapToInt(c -> 1 + c.subcommands().size()).sum())
          .as("COMMAND DOCS describes what COMMAND LIST lists")
          .isEqualTo(listed.size());
    }
    assertThat(CompatibilityTable.standard().unclassified(commands))
        .as(
            "commands and subcommands redis-server %s has that the proxy's command table"
                + " (RedisCommands) neither serves nor refuses",
            version)
        .isEmpty();
  }

  @Test
  void theReadmeShowsTheCompatibilityTableOfTheCommandTable() throws IOException {
    Path readme = Path.of(System.getProperty("readme.file"));
    String text = Files.readString(readme);
    String table =
        CompatibilityTable.standard()
            .markdown(commands, "redis-server " + version + " COMMAND DOCS");
    String expected = CompatibilityTable.replaceIn(text, table);
    if (Boolean.getBoolean("update.compat.table")) {
      Files.writeString(readme, expected);
      text = Files.readString(readme);
    }
    assertThat(between(text))
        .as(
            "README.md's compatibility table is stale: the command table changed. Run %s and commit"
                + " the result.",
            CompatibilityTable.REGENERATE)
        .isEqualTo(between(expected));
  }

  private static String between(String readme) {
    return readme.substring(
        readme.indexOf(CompatibilityTable.START), readme.indexOf(CompatibilityTable.END));
  }

  /** COMMAND DOCS in RESP2: name, then a flat list of fields, subcommands nested alike. */
  private static List<RedisCommand> commands(List<?> docs) {
    List<RedisCommand> parsed = new ArrayList<>();
    for (int i = 0; i + 1 < docs.size(); i += 2) {
      List<?> fields = (List<?>) docs.get(i + 1);
      Set<String> subcommands = new LinkedHashSet<>();
      List<?> subs = (List<?>) field(fields, "subcommands");
      if (subs != null) {
        for (int s = 0; s + 1 < subs.size(); s += 2) {
          String full = (String) subs.get(s);
          subcommands.add(full.substring(full.indexOf('|') + 1).toLowerCase(Locale.ROOT));
        }
      }
      parsed.add(
          new RedisCommand(
              ((String) docs.get(i)).toLowerCase(Locale.ROOT),
              (String) field(fields, "group"),
              subcommands));
    }
    return parsed;
  }

  private static Object field(List<?> fields, String name) {
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(fields.get(i))) {
        return fields.get(i + 1);
      }
    }
    return null;
  }
}
