package io.redisproxy.proxy.command;

/**
 * Commands that block only in some forms: XREAD and XREADGROUP with BLOCK. Those forms are served
 * like the always-blocking commands, on a connection of their own.
 */
public final class BlockingForms {
  private BlockingForms() {}

  /** Whether this request may block the connection it runs on. */
  public static boolean blocks(CommandSpec spec, Arguments args) {
    return switch (spec.name()) {
      case "xread", "xreadgroup" -> hasBlockOption(args);
      default -> false;
    };
  }

  /** BLOCK among the options before STREAMS (after it, the words are keys and IDs). */
  private static boolean hasBlockOption(Arguments args) {
    for (int i = 1; i < args.count(); i++) {
      if (args.is(i, "STREAMS")) {
        return false;
      }
      if (args.is(i, "BLOCK")) {
        return true;
      }
    }
    return false;
  }
}
