package io.redisproxy.proxy.command;

import java.nio.charset.StandardCharsets;

/**
 * Commands that block only in some forms (XREAD and XREADGROUP with BLOCK), served like the
 * always-blocking commands on a connection of their own; and how long a blocking request may block.
 */
public final class BlockingForms {
  /** {@link #blockMillis} of a request that may block for ever (a timeout of 0). */
  public static final long FOR_EVER = -1;

  private BlockingForms() {}

  /** Whether this request may block the connection it runs on. */
  public static boolean blocks(CommandSpec spec, Arguments args) {
    return switch (spec.name()) {
      case "xread", "xreadgroup" -> blockOption(args) > 0;
      default -> false;
    };
  }

  /**
   * How long Redis may block this request before it answers of itself, in milliseconds; {@link
   * #FOR_EVER} for a timeout of 0. A timeout Redis cannot read counts as 0 ms: Redis refuses it at
   * once.
   */
  public static long blockMillis(CommandSpec spec, Arguments args) {
    return switch (spec.name()) {
      case "xread", "xreadgroup" -> {
        int option = blockOption(args);
        yield option > 0 && option + 1 < args.count() ? millis(args, option + 1) : 0;
      }
      case "blmpop", "bzmpop" -> args.count() > 1 ? seconds(args, 1) : 0;
      default -> seconds(args, args.count() - 1);
    };
  }

  /** The index of BLOCK among the options before STREAMS (after it, keys and IDs), or -1. */
  private static int blockOption(Arguments args) {
    for (int i = 1; i < args.count(); i++) {
      if (args.is(i, "STREAMS")) {
        return -1;
      }
      if (args.is(i, "BLOCK")) {
        return i;
      }
    }
    return -1;
  }

  private static long millis(Arguments args, int arg) {
    long value = args.number(arg);
    return value == 0 ? FOR_EVER : Math.max(0, value);
  }

  /** Seconds as Redis reads them: a decimal that may have a fraction ({@code 0.5}). */
  private static long seconds(Arguments args, int arg) {
    byte[] bytes = new byte[Math.min(args.length(arg), 32)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = args.byteAt(arg, i);
    }
    try {
      double seconds = Double.parseDouble(new String(bytes, StandardCharsets.US_ASCII));
      if (seconds == 0) {
        return FOR_EVER;
      }
      return seconds > 0 && seconds < 1e12 ? (long) Math.ceil(seconds * 1000) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
