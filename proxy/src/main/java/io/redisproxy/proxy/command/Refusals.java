package io.redisproxy.proxy.command;

/**
 * Forms of otherwise served commands that a sharding proxy cannot serve correctly, refused with a
 * reason rather than answered wrongly.
 */
public final class Refusals {
  private Refusals() {}

  /** Why this request must be refused, or null when it can be served. */
  public static String refusal(CommandSpec spec, Arguments args) {
    return switch (spec.name()) {
      case "sort", "sort_ro" -> sortPattern(args);
      default -> null;
    };
  }

  /**
   * BY and GET patterns name other keys, which may live on any shard (Redis Cluster refuses too).
   */
  private static String sortPattern(Arguments args) {
    for (int i = 2; i < args.count(); i++) {
      if (args.is(i, "LIMIT")) {
        i += 2;
      } else if (args.is(i, "STORE")) {
        i++;
      } else if (args.is(i, "BY") || args.is(i, "GET")) {
        // BY NOSORT and GET # name no other key.
        String harmless = args.is(i, "BY") ? "NOSORT" : "#";
        if (i + 1 < args.count() && !args.is(i + 1, harmless)) {
          return "ERR SORT with BY or GET patterns is not supported by the proxy: the keys they"
              + " name may live on other shards";
        }
        i++;
      }
    }
    return null;
  }
}
