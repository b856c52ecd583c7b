package io.redisproxy.proxy.command;

/**
 * The BY and GET patterns of SORT and SORT_RO that name other keys. Redis substitutes each element
 * for the first '*' of a pattern (a hash field follows "->"), so a pattern without '*' reads no key
 * (BY NOSORT, a constant) and neither does GET #.
 */
public final class SortPatterns {
  private SortPatterns() {}

  /** Whether {@code spec} is SORT or SORT_RO, whose patterns may name keys. */
  public static boolean sorts(CommandSpec spec) {
    return spec.name().equals("sort") || spec.name().equals("sort_ro");
  }

  /**
   * The first argument at or after {@code from} (an option's place: 2, or one past a pattern this
   * returned) that is a pattern naming keys, or -1. Options are read as Redis reads them, so a
   * LIMIT's or STORE's argument spelled "by" is no option.
   */
  public static int next(Arguments args, int from) {
    int count = args.count();
    for (int i = from; i < count; i++) {
      if (args.is(i, "LIMIT")) {
        i += 2;
      } else if (args.is(i, "STORE")) {
        i++;
      } else if ((args.is(i, "BY") || args.is(i, "GET")) && i + 1 < count) {
        i++;
        if (substitutes(args, i) && !args.is(i, "#")) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * How many leading bytes of pattern {@code arg} every key it names begins with: those before its
   * first '*'.
   */
  public static int fixedLength(Arguments args, int arg) {
    int length = args.length(arg);
    for (int i = 0; i < length; i++) {
      if (args.byteAt(arg, i) == '*') {
        return i;
      }
    }
    return length;
  }

  private static boolean substitutes(Arguments args, int arg) {
    return fixedLength(args, arg) < args.length(arg);
  }
}
