package io.redisproxy.proxy.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that knows commands. Lookup reads the name's bytes in place, ignoring case, so the
 * hot path allocates nothing.
 */
public final class CommandTable {
  private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
  private final CommandSpec[] slots;
  private final int mask;

  public CommandTable(Collection<CommandSpec> specs) {
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
    return new CommandTable(RedisCommands.all());
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
