package io.redisproxy.proxy.command;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands and subcommands an operator refuses to every client ({@code limits.refuseCommands}),
 * as Redis' rename-command hides them; each refused with an error that says so, distinct from an
 * unknown command. Looked up by spec identity, so a request of a command not listed costs one map
 * probe, and none while the list is empty.
 */
public final class RefusedCommands {
  private final Map<CommandSpec, Set<String>> bySpec = new IdentityHashMap<>();
  private final Set<CommandSpec> whole = Collections.newSetFromMap(new IdentityHashMap<>());

  /** {@code names} as the config lists them ({@code flushall}, {@code config|set}). */
  public RefusedCommands(CommandTable commands, List<String> names) {
    for (String listed : names) {
      String name = listed.toLowerCase(Locale.ROOT);
      int bar = name.indexOf('|');
      CommandSpec spec = commands.get(bar < 0 ? name : name.substring(0, bar));
      if (spec == null) {
        // The proxy refuses it anyway, with its own reason.
        continue;
      }
      if (bar < 0) {
        whole.add(spec);
      } else {
        bySpec.computeIfAbsent(spec, s -> new HashSet<>()).add(name.substring(bar + 1));
      }
    }
  }

  /** The error for {@code args} of {@code spec}, or null when the config does not refuse it. */
  public String refusal(CommandSpec spec, Arguments args) {
    if (whole.isEmpty() && bySpec.isEmpty()) {
      return null;
    }
    if (whole.contains(spec)) {
      return error(spec.name());
    }
    Set<String> subs = bySpec.get(spec);
    if (subs == null || args.count() < 2) {
      return null;
    }
    String sub = lower(args, 1);
    return subs.contains(sub) ? error(spec.name() + "|" + sub) : null;
  }

  private static String error(String fullName) {
    return "ERR command '" + fullName + "' is refused by this proxy's configuration";
  }

  private static String lower(Arguments args, int arg) {
    StringBuilder text = new StringBuilder(args.length(arg));
    for (int i = 0; i < args.length(arg); i++) {
      text.append(Character.toLowerCase((char) (args.byteAt(arg, i) & 0xff)));
    }
    return text.toString();
  }
}
