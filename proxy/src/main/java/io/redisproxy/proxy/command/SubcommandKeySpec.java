package io.redisproxy.proxy.command;

import java.util.List;

record SubcommandKeySpec(KeySpec keys, List<String> subcommands) implements KeySpec {
  @Override
  public boolean find(Arguments args, KeyIndexes out) {
    if (args.count() < 2) {
      return true;
    }
    for (int i = 0; i < subcommands.size(); i++) {
      if (args.is(1, subcommands.get(i))) {
        return keys.find(args, out);
      }
    }
    return true;
  }

  /** Whether the request's subcommand is one with keys, whose arity the command's is. */
  boolean hasKeys(Arguments args) {
    return args.count() >= 2 && subcommands.stream().anyMatch(sub -> args.is(1, sub));
  }
}
