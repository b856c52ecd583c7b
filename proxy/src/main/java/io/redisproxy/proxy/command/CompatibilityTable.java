package io.redisproxy.proxy.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The README's compatibility table: every command Redis lists, grouped as Redis groups them, with
 * how the proxy serves it and a note where the command table carries one. Built from the command
 * table alone, so the README cannot drift from what the proxy does.
 */
public final class CompatibilityTable {
  /** Where the table starts and ends in the README; what lies between is generated. */
  public static final String START = "<!-- compat-table:start -->";

  public static final String END = "<!-- compat-table:end -->";

  /** How the README is brought up to date; the check that it is fails with this advice. */
  public static final String REGENERATE = "hack/update-compat-table.sh";

  /** Redis' command groups, in the order the table shows them; others follow by name. */
  private static final List<String> GROUP_ORDER =
      List.of(
          "generic",
          "string",
          "bitmap",
          "list",
          "hash",
          "set",
          "sorted-set",
          "hyperloglog",
          "geo",
          "stream",
          "pubsub",
          "transactions",
          "scripting",
          "connection",
          "server",
          "cluster");

  /** A command as Redis' COMMAND DOCS describes it: lower-case name, group, subcommands. */
  public record RedisCommand(String name, String group, Set<String> subcommands) {}

  /** One line of the table. */
  public record Row(String group, String command, String served, String note) {}

  /** How one command or subcommand is served, and the note on it. */
  private record Serving(String served, String note) {}

  private final CommandTable table;
  private final Map<String, String> notes;

  CompatibilityTable(CommandTable table, Map<String, String> notes) {
    this.table = table;
    this.notes = Map.copyOf(notes);
  }

  /** The table of the proxy's standard command table. */
  public static CompatibilityTable standard() {
    return new CompatibilityTable(CommandTable.standard(), RedisCommands.notes());
  }

  /**
   * The full names ({@code get}, {@code client|kill}) of what Redis lists that the command table
   * does not classify: neither served nor refused.
   */
  public List<String> unclassified(List<RedisCommand> commands) {
    List<String> unknown = new ArrayList<>();
    for (RedisCommand command : commands) {
      if (command.subcommands().isEmpty()) {
        if (!table.knows(command.name())) {
          unknown.add(command.name());
        }
      } else {
        command.subcommands().stream()
            .sorted()
            .map(sub -> command.name() + "|" + sub)
            .filter(full -> !table.knows(full))
            .forEach(unknown::add);
      }
    }
    return unknown;
  }

  /**
   * The rows for {@code commands}: by group, then name. A command whose subcommands are all served
   * alike is one row; otherwise each subcommand is a row of its own.
   */
  public List<Row> rows(List<RedisCommand> commands) {
    List<RedisCommand> sorted = new ArrayList<>(commands);
    sorted.sort(
        Comparator.comparing((RedisCommand c) -> groupRank(c.group()))
            .thenComparing(RedisCommand::group)
            .thenComparing(RedisCommand::name));
    List<Row> rows = new ArrayList<>();
    for (RedisCommand command : sorted) {
      String display = command.name().toUpperCase(Locale.ROOT);
      if (command.subcommands().isEmpty()) {
        Serving serving = serving(command.name());
        rows.add(new Row(command.group(), display, serving.served(), serving.note()));
        continue;
      }
      Map<String, Serving> bySub = new LinkedHashMap<>();
      command.subcommands().stream()
          .sorted()
          .forEach(sub -> bySub.put(sub, serving(command.name() + "|" + sub)));
      if (bySub.values().stream().distinct().count() == 1) {
        Serving serving = bySub.values().iterator().next();
        rows.add(
            new Row(
                command.group(),
                display + " (every subcommand)",
                serving.served(),
                serving.note()));
      } else {
        bySub.forEach(
            (sub, serving) ->
                rows.add(
                    new Row(
                        command.group(),
                        display + " " + sub.toUpperCase(Locale.ROOT),
                        serving.served(),
                        serving.note())));
      }
    }
    return rows;
  }

  /**
   * The Markdown between {@link #START} and {@link #END}: one table per group, {@code source}
   * naming where the list of commands came from.
   */
  public String markdown(List<RedisCommand> commands, String source) {
    StringBuilder out = new StringBuilder();
    out.append("<!-- Generated from ")
        .append(source)
        .append(" and the proxy's command table by ")
        .append(REGENERATE)
        .append("; edit the command table, not this. -->\n");
    String group = null;
    for (Row row : rows(commands)) {
      if (!row.group().equals(group)) {
        group = row.group();
        out.append("\n**")
            .append(group)
            .append("**\n\n| command | through the proxy | notes |\n| --- | --- | --- |\n");
      }
      out.append("| ")
          .append(cell(row.command()))
          .append(" | ")
          .append(cell(row.served()))
          .append(" | ")
          .append(cell(row.note()))
          .append(" |\n");
    }
    return out.toString();
  }

  /** {@code readme} with the text between the markers replaced by {@code table}. */
  public static String replaceIn(String readme, String table) {
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "the README has no " + START + " ... " + END + " section for the compatibility table");
    }
    return readme.substring(0, start + START.length()) + "\n" + table + readme.substring(end);
  }

  private Serving serving(String fullName) {
    String reason = table.refusal(fullName);
    if (reason != null) {
      return new Serving("refused", reason);
    }
    int bar = fullName.indexOf('|');
    String name = bar < 0 ? fullName : fullName.substring(0, bar);
    CommandSpec spec = table.get(name);
    if (spec == null || !table.knows(fullName)) {
      return new Serving("unknown", "");
    }
    Serving serving =
        bar < 0 ? byHandling(spec) : bySubcommand(spec, name, fullName.substring(bar + 1));
    String note = notes.get(fullName);
    return note == null ? serving : new Serving(serving.served(), note);
  }

  private static Serving byHandling(CommandSpec spec) {
    return switch (spec.handling()) {
      case FORWARD -> new Serving("by key", "");
      case SPLIT_VALUES -> new Serving("split per shard", "replies merged in key order");
      case SPLIT_PAIRS -> new Serving("split per shard", "OK when every shard said OK");
      case SPLIT_COUNT -> new Serving("split per shard", "counts added up");
      case ALL_SUM -> new Serving("every shard", "counts added up");
      case ALL_OK -> new Serving("every shard", "OK when every shard said OK");
      case ALL_MIN, ALL_CONCAT, SCAN, ANY_SHARD, WAIT, PUBSUB_QUERY, MANAGEMENT ->
          new Serving("every shard", "");
      case BLOCKING -> new Serving("by key", "on a connection of its own while it blocks");
      case SUBSCRIBE -> new Serving("by channel", "on connections of the client's own");
      case TRANSACTION ->
          new Serving("transaction", "queued by the proxy, sent whole to its keys' shard at EXEC");
      case LOCAL -> new Serving("answered by the proxy", "");
    };
  }

  private static Serving bySubcommand(CommandSpec spec, String name, String sub) {
    Arguments args = Words.of(name, sub);
    return switch (spec.handling()) {
      case MANAGEMENT ->
          switch (Management.of(args)) {
            case EVERY_NODE -> new Serving("every shard", "primaries and replicas");
            case EVERY_PRIMARY ->
                new Serving("every shard", "the primaries; replicas get it by replication");
            case KILL -> new Serving("every shard", "OK when a script was killed on any");
            case SCRIPT_EXISTS -> new Serving("every shard", "1 where every shard has it");
            case FUNCTION_LIST -> new Serving("every shard", "the libraries every shard has");
            case FUNCTION_STATS ->
                new Serving("every shard", "the shard running a function, else the first");
            case ONE_SHARD -> new Serving("one shard", "the same on every shard");
          };
      case PUBSUB_QUERY -> new Serving("every shard", "the shards' answers merged");
      case FORWARD ->
          spec.keys() instanceof SubcommandKeySpec keyed && !keyed.hasKeys(args)
              ? new Serving("one shard", "the same on every shard")
              : new Serving("by key", "");
      default -> byHandling(spec);
    };
  }

  private static int groupRank(String group) {
    int rank = GROUP_ORDER.indexOf(group);
    return rank < 0 ? GROUP_ORDER.size() : rank;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** Arguments of plain words, to ask the command table about a subcommand. */
  private record Words(byte[][] words) implements Arguments {
    static Words of(String... words) {
      byte[][] bytes = new byte[words.length][];
      for (int i = 0; i < words.length; i++) {
        bytes[i] = words[i].getBytes(StandardCharsets.UTF_8);
      }
      return new Words(bytes);
    }

    @Override
    public int count() {
      return words.length;
    }

    @Override
    public int length(int arg) {
      return words[arg].length;
    }

    @Override
    public byte byteAt(int arg, int position) {
      return words[arg][position];
    }
  }
}
