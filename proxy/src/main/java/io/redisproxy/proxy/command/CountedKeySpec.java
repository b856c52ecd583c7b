package io.redisproxy.proxy.command;

record CountedKeySpec(int countIndex, int firstOffset, int step) implements KeySpec {
  @Override
  public boolean find(Arguments args, KeyIndexes out) {
    if (countIndex >= args.count()) {
      return false;
    }
    long keys = args.number(countIndex);
    int first = countIndex + firstOffset;
    if (keys < 0 || keys > 0 && first + (keys - 1) * step >= args.count()) {
      return false;
    }
    for (int k = 0; k < keys; k++) {
      out.add(first + k * step);
    }
    return true;
  }
}
