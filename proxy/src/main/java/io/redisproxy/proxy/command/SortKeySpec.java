package io.redisproxy.proxy.command;

/**
 * SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dest]:
 * options may come in any order and repeat, and the last STORE wins, as in Redis.
 */
final class SortKeySpec implements KeySpec {
  static final SortKeySpec INSTANCE = new SortKeySpec();

  private SortKeySpec() {}

  @Override
  public boolean find(Arguments args, KeyIndexes out) {
    int count = args.count();
    if (count < 2) {
      return true;
    }
    out.add(1);
    int destination = -1;
    for (int i = 2; i < count; i++) {
      if (args.is(i, "LIMIT")) {
        i += 2;
      } else if (args.is(i, "GET") || args.is(i, "BY")) {
        i += 1;
      } else if (args.is(i, "STORE") && i + 1 < count) {
        destination = i + 1;
      }
    }
    if (destination > 0) {
      out.add(destination);
    }
    return true;
  }
}
