package io.redisproxy.proxy.shard;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The shard names a selector is built from. A name is a shard's identity in the hash: keys follow
 * names, not list positions, so reordering the shards in the config moves no key.
 */
final class ShardNames {
  private ShardNames() {}

  /** Throws {@link IllegalArgumentException} unless there is at least one name and all differ. */
  static void check(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("An upstream group needs at least one shard.");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException(
            "Shard " + i + " has no name: give it a name or a primary address.");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "Shard name '" + name + "' is used by two shards: each shard needs its own name.");
      }
    }
  }

  /** The shard indexes ordered by name. */
  static int[] byName(List<String> names) {
    return IntStream.range(0, names.size())
        .boxed()
        .sorted(Comparator.comparing(names::get))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
