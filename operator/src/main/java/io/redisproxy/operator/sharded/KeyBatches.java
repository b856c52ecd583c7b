package io.redisproxy.operator.sharded;

import java.util.ArrayList;
import java.util.List;

/** Splits keys into batches bounded in count and in bytes. */
final class KeyBatches {
  private KeyBatches() {}

  /**
   * {@code keys} in order, in batches of at most {@code maxKeys} keys and {@code maxBytes} bytes by
   * {@code sizes} (a key larger than that goes alone); {@code maxBytes} of 0 or less, or no sizes,
   * bounds only the count.
   */
  static <K> List<List<K>> split(List<K> keys, List<Long> sizes, int maxKeys, long maxBytes) {
    boolean bySize = maxBytes > 0 && sizes.size() == keys.size();
    List<List<K>> batches = new ArrayList<>();
    List<K> batch = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < keys.size(); i++) {
      long size = bySize ? sizes.get(i) : 0;
      if (!batch.isEmpty() && (batch.size() >= maxKeys || bySize && bytes + size > maxBytes)) {
        batches.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(keys.get(i));
      bytes += size;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }
}
