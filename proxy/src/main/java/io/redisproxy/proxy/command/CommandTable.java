package io.redisproxy.proxy.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that knows commands. Lookup reads the name's bytes in place, ignoring case, so the
 * hot path allocates nothing.
 */
public final class CommandTable {
  private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
  private final Map<String, Set<String>> subcommands;
  private final Map<String, String> refused;
  private final Map<String, Integer> subcommandArities;
  private final Set<String> withSubcommandArities;
  private final CommandSpec[] slots;
  private final int mask;

  public CommandTable(Collection<CommandSpec> specs) {
    this(specs, Map.of(), Map.of(), Map.of());
  }

  /**
   * {@code specs} served; {@code subcommands} Redis knows of each command that has them; {@code
   * refused}: what Redis has and the proxy does not serve, by Redis' full name, with the reason;
   * {@code subcommandArities}: of the subcommands the proxy answers itself.
   */
  public CommandTable(
      Collection<CommandSpec> specs,
      Map<String, Set<String>> subcommands,
      Map<String, String> refused,
      Map<String, Integer> subcommandArities) {
    this.subcommands = Map.copyOf(subcommands);
    this.refused = Map.copyOf(refused);
    this.subcommandArities = Map.copyOf(subcommandArities);
    this.withSubcommandArities =
        subcommandArities.keySet().stream()
            .map(fullName -> fullName.substring(0, fullName.indexOf('|')))
            .collect(Collectors.toUnmodifiableSet());
    for (CommandSpec spec : specs) {
      if (byName.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("command '" + spec.name() + "' is listed twice");
      }
    }
    int capacity = Integer.highestOneBit(Math.max(16, specs.size() * 4) - 1) << 1;
    slots = new CommandSpec[capacity];
    mask = capacity - 1;
    for (CommandSpec spec : specs) {
      int slot = hashOfName(spec.name()) & mask;
      while (slots[slot] != null) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = spec;
    }
  }

  /** The commands of Redis 7 as this proxy serves them. */
  public static CommandTable standard() {
    return new CommandTable(
        RedisCommands.all(),
        RedisCommands.subcommands(),
        RedisCommands.refused(),
        RedisCommands.subcommandArities());
  }

  /**
   * The error for a request the proxy does not serve (its command is not in the table, or its
   * subcommand is not served): Redis' own text when Redis would not know it either, else the reason
   * the proxy refuses it.
   */
  public byte[] rejection(Arguments args) {
    byte[] subcommand = subcommandRejection(args);
    if (subcommand != null) {
      return subcommand;
    }
    String reason = refused.get(text(args, 0));
    return reason != null
        ? utf8(RedisErrors.refused(text(args, 0), reason))
        : RedisErrors.unknownCommand(args);
  }

  /**
   * The error for a request of a command with subcommands whose subcommand is missing, unknown to
   * Redis, or refused by the proxy; null for any other request.
   */
  public byte[] subcommandRejection(Arguments args) {
    String name = text(args, 0);
    Set<String> known = subcommands.get(name);
    if (known == null) {
      return null;
    }
    if (args.count() < 2) {
      return utf8(RedisErrors.wrongArity(name));
    }
    String sub = text(args, 1);
    if (!known.contains(sub)) {
      return RedisErrors.unknownSubcommand(args);
    }
    String reason = refused.getOrDefault(name + "|" + sub, refused.get(name));
    return reason != null ? utf8(RedisErrors.refused(name + "|" + sub, reason)) : null;
  }

  /**
   * The error for a request of {@code spec} with a number of arguments Redis refuses, as Redis
   * words it; null when the number is right, or when a shard must judge it. The arity of a command
   * with subcommands is that of the subcommands with keys (OBJECT ENCODING: 'object|encoding'), or
   * of each one the proxy answers itself (CLIENT SETNAME: 'client|setname'); for another subcommand
   * (OBJECT HELP) Redis' answer is about the subcommand: unknown, refused, or whatever the shard
   * says.
   */
  public byte[] arityError(CommandSpec spec, Arguments args) {
    String name = spec.name();
    if (spec.arityAccepts(args.count())) {
      // The common case, on every request: no lookup that allocates.
      if (args.count() < 2 || !withSubcommandArities.contains(name)) {
        return null;
      }
      Integer arity = subcommandArities.get(name + "|" + text(args, 1));
      boolean accepted =
          arity == null || (arity >= 0 ? args.count() == arity : args.count() >= -arity);
      return accepted ? null : utf8(RedisErrors.wrongArity(name + "|" + text(args, 1)));
    }
    if (!subcommands.containsKey(name) || args.count() < 2) {
      return utf8(RedisErrors.wrongArity(name));
    }
    if (spec.keys() instanceof SubcommandKeySpec keyed && keyed.hasKeys(args)) {
      return utf8(RedisErrors.wrongArity(name + "|" + text(args, 1)));
    }
    return subcommandRejection(args);
  }

  private static String text(Arguments args, int arg) {
    byte[] bytes = new byte[args.length(arg)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) lower(args.byteAt(arg, i));
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether Redis 7 has the command or subcommand of this full name ({@code flushall}, {@code
   * config|set}), in any case, whether the proxy serves it or not.
   */
  public boolean knows(String fullName) {
    String name = fullName.toLowerCase(Locale.ROOT);
    int bar = name.indexOf('|');
    if (bar < 0) {
      return byName.containsKey(name) || refused.containsKey(name);
    }
    Set<String> known = subcommands.get(name.substring(0, bar));
    return known != null && known.contains(name.substring(bar + 1));
  }

  /**
   * Why the proxy refuses the command or subcommand of this lower-case full name ({@code migrate},
   * {@code client|pause}), or null when it does not refuse it.
   */
  public String refusal(String fullName) {
    int bar = fullName.indexOf('|');
    String reason = refused.get(fullName);
    return reason != null || bar < 0 ? reason : refused.get(fullName.substring(0, bar));
  }

  /** The spec of the command named by argument 0, or null when the proxy does not serve it. */
  public CommandSpec lookup(Arguments args) {
    int length = args.length(0);
    int hash = 0x811c9dc5;
    for (int i = 0; i < length; i++) {
      hash = (hash ^ lower(args.byteAt(0, i))) * 0x01000193;
    }
    int slot = hash & mask;
    for (CommandSpec spec = slots[slot]; spec != null; spec = slots[slot]) {
      if (sameName(spec.name(), args, length)) {
        return spec;
      }
      slot = (slot + 1) & mask;
    }
    return null;
  }

  public CommandSpec get(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  public List<CommandSpec> all() {
    return List.copyOf(byName.values());
  }

  private static boolean sameName(String name, Arguments args, int length) {
    if (name.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (name.charAt(i) != lower(args.byteAt(0, i))) {
        return false;
      }
    }
    return true;
  }

  private static int hashOfName(String name) {
    int hash = 0x811c9dc5;
    for (int i = 0; i < name.length(); i++) {
      hash = (hash ^ name.charAt(i)) * 0x01000193;
    }
    return hash;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b & 0xff;
  }
}
