package io.redisproxy.proxy.command;

record RangeKeySpec(int first, int last, int step) implements KeySpec {
  @Override
  public boolean find(Arguments args, KeyIndexes out) {
    int count = args.count();
    int end = last < 0 ? count + last : Math.min(last, count - 1);
    for (int i = first; i <= end; i += step) {
      out.add(i);
    }
    return true;
  }
}
