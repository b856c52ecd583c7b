package io.redisproxy.proxy.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The sections of the shards' INFO replies merged into one server's: where a sum is the truth
 * (memory and stats counters, keys per database, calls per command), summed; otherwise the first
 * shard's value. Pure text in, text out.
 */
final class InfoSections {
  private static final String[] UNITS = {"K", "M", "G", "T", "P"};

  private InfoSections() {}

  /** The fields of each section of an INFO reply, by section name in lower case. */
  static Map<String, Map<String, String>> parse(String info) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : info.split("\r\n")) {
      if (line.startsWith("# ")) {
        current = new LinkedHashMap<>();
        sections.put(line.substring(2).toLowerCase(Locale.ROOT), current);
      } else if (current != null && line.indexOf(':') > 0) {
        int colon = line.indexOf(':');
        current.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return sections;
  }

  /** {@code section} of every shard merged, as INFO writes it: a header, then one line a field. */
  static String merge(String section, String title, List<Map<String, Map<String, String>>> shards) {
    List<Map<String, String>> fields = new ArrayList<>();
    for (Map<String, Map<String, String>> shard : shards) {
      fields.add(shard.getOrDefault(section, Map.of()));
    }
    Map<String, String> merged =
        switch (section) {
          case "keyspace" -> perEntry(fields, InfoSections::keyspaceEntry);
          case "commandstats" -> perEntry(fields, InfoSections::commandEntry);
          default -> summed(fields);
        };
    return render(title, merged);
  }

  static String render(String title, Map<String, String> fields) {
    StringBuilder text = new StringBuilder("# ").append(title).append("\r\n");
    fields.forEach((name, value) -> text.append(name).append(':').append(value).append("\r\n"));
    return text.toString();
  }

  /** Integer fields summed, {@code *_human} ones written again from the sum; others the first's. */
  private static Map<String, String> summed(List<Map<String, String>> shards) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Map<String, String> shard : shards) {
      shard.forEach(merged::putIfAbsent);
    }
    for (Map.Entry<String, String> field : merged.entrySet()) {
      Long sum = sum(shards, field.getKey());
      if (sum != null) {
        field.setValue(Long.toString(sum));
      }
    }
    for (Map.Entry<String, String> field : merged.entrySet()) {
      String name = field.getKey();
      if (name.endsWith("_human")) {
        Long bytes = sum(shards, name.substring(0, name.length() - "_human".length()));
        if (bytes != null) {
          field.setValue(human(bytes));
        }
      }
    }
    return merged;
  }

  private static Long sum(List<Map<String, String>> shards, String name) {
    long sum = 0;
    boolean any = false;
    for (Map<String, String> shard : shards) {
      String value = shard.get(name);
      if (value == null) {
        continue;
      }
      Long parsed = integer(value);
      if (parsed == null) {
        return null;
      }
      sum += parsed;
      any = true;
    }
    return any ? sum : null;
  }

  /**
   * Each entry (a database, a command) merged over the shards that have it, in first-seen order.
   */
  private static Map<String, String> perEntry(
      List<Map<String, String>> shards, Function<List<Map<String, String>>, String> merge) {
    Map<String, List<Map<String, String>>> entries = new LinkedHashMap<>();
    for (Map<String, String> shard : shards) {
      shard.forEach(
          (name, value) -> entries.computeIfAbsent(name, n -> new ArrayList<>()).add(pairs(value)));
    }
    Map<String, String> merged = new LinkedHashMap<>();
    entries.forEach((name, values) -> merged.put(name, merge.apply(values)));
    return merged;
  }

  /** {@code keys=3,expires=1,avg_ttl=500}: keys and expires summed, avg_ttl weighted by expires. */
  private static String keyspaceEntry(List<Map<String, String>> shards) {
    Map<String, String> merged = new LinkedHashMap<>(shards.get(0));
    long expires = 0;
    long weighted = 0;
    for (Map<String, String> shard : shards) {
      long shardExpires = integerOr(shard.get("expires"));
      expires += shardExpires;
      weighted += shardExpires * integerOr(shard.get("avg_ttl"));
    }
    for (String name : merged.keySet()) {
      merged.put(name, Long.toString(name.equals("avg_ttl") ? 0 : sumOf(shards, name)));
    }
    if (merged.containsKey("avg_ttl")) {
      merged.put("avg_ttl", Long.toString(expires == 0 ? 0 : weighted / expires));
    }
    return joined(merged);
  }

  /** {@code calls=2,usec=15,usec_per_call=7.50,...}: counts summed, the average made again. */
  private static String commandEntry(List<Map<String, String>> shards) {
    Map<String, String> merged = new LinkedHashMap<>(shards.get(0));
    for (String name : merged.keySet()) {
      if (!name.equals("usec_per_call")) {
        merged.put(name, Long.toString(sumOf(shards, name)));
      }
    }
    if (merged.containsKey("usec_per_call")) {
      long calls = integerOr(merged.get("calls"));
      double perCall = calls == 0 ? 0 : (double) integerOr(merged.get("usec")) / calls;
      merged.put("usec_per_call", String.format(Locale.ROOT, "%.2f", perCall));
    }
    return joined(merged);
  }

  private static long sumOf(List<Map<String, String>> shards, String name) {
    long sum = 0;
    for (Map<String, String> shard : shards) {
      sum += integerOr(shard.get(name));
    }
    return sum;
  }

  private static Map<String, String> pairs(String value) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : value.split(",")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        pairs.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return pairs;
  }

  private static String joined(Map<String, String> pairs) {
    StringBuilder text = new StringBuilder();
    pairs.forEach(
        (name, value) ->
            text.append(text.length() == 0 ? "" : ",").append(name).append('=').append(value));
    return text.toString();
  }

  private static long integerOr(String value) {
    Long parsed = value == null ? null : integer(value);
    return parsed == null ? 0 : parsed;
  }

  private static Long integer(String value) {
    if (value.isEmpty() || value.length() > 19) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && value.length() > 1)) {
        return null;
      }
    }
    return Long.parseLong(value);
  }

  /** As Redis writes a byte count for people: {@code 512B}, {@code 1.50K}, {@code 2.00M}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
  }
}
