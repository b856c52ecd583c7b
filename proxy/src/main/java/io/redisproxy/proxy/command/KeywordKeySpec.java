package io.redisproxy.proxy.command;

record KeywordKeySpec(String keyword, int from, int fraction) implements KeySpec {
  @Override
  public boolean find(Arguments args, KeyIndexes out) {
    for (int i = from; i < args.count(); i++) {
      if (args.is(i, keyword)) {
        int rest = args.count() - i - 1;
        if (rest == 0 || rest % fraction != 0) {
          return false;
        }
        for (int k = 0; k < rest / fraction; k++) {
          out.add(i + 1 + k);
        }
        return true;
      }
    }
    return false;
  }
}
