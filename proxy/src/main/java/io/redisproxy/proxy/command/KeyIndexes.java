package io.redisproxy.proxy.command;

import java.util.Arrays;

/** A reusable, growable list of argument indexes that hold keys; one per client session. */
public final class KeyIndexes {
  private int[] indexes = new int[8];
  private int size;

  public void clear() {
    size = 0;
  }

  public void add(int index) {
    if (size == indexes.length) {
      indexes = Arrays.copyOf(indexes, size * 2);
    }
    indexes[size++] = index;
  }

  public int size() {
    return size;
  }

  public int get(int i) {
    return indexes[i];
  }
}
