package io.redisproxy.proxy.command;

record OptionKeySpec(String keyword, int from) implements KeySpec {
  @Override
  public boolean find(Arguments args, KeyIndexes out) {
    int lastWithValue = args.count() - 2;
    for (int i = from; i <= lastWithValue; i++) {
      if (args.is(i, keyword)) {
        out.add(i + 1);
        return true;
      }
    }
    return true;
  }
}
