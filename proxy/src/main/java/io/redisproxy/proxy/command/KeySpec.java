package io.redisproxy.proxy.command;

import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where a command's keys are, after Redis 7's key specifications: a place to begin (a fixed index,
 * or the argument after a keyword) and a way to find keys from there (a range, or a count given in
 * an argument).
 */
public interface KeySpec {
  /**
   * Adds the indexes of the keys in {@code args} to {@code out}. Returns false when the arguments
   * contradict the spec (a key count that is not a number, or larger than the arguments), so the
   * request can be refused with a syntax error instead of being routed wrongly.
   */
  boolean find(Arguments args, KeyIndexes out);

  /** A command without keys. */
  KeySpec NONE = (args, out) -> true;

  /**
   * Keys from index {@code first} up to {@code last} (negative counts from the end: -1 is the last
   * argument), every {@code step}-th argument. {@code range(1, 1, 1)} is the common single key.
   */
  static KeySpec range(int first, int last, int step) {
    return new RangeKeySpec(first, last, step);
  }

  /**
   * Keys whose count is argument {@code countIndex}, starting {@code firstOffset} arguments after
   * it, every {@code step}-th argument: EVAL is {@code counted(2, 1, 1)}.
   */
  static KeySpec counted(int countIndex, int firstOffset, int step) {
    return new CountedKeySpec(countIndex, firstOffset, step);
  }

  /**
   * Keys after the first {@code keyword} found at or past {@code from}, taking a {@code fraction}
   * of the rest: XREAD's keys are {@code afterKeyword("STREAMS", 1, 2)}, the first half of what
   * follows STREAMS.
   */
  static KeySpec afterKeyword(String keyword, int from, int fraction) {
    return new KeywordKeySpec(keyword, from, fraction);
  }

  /**
   * The one key right after the first {@code keyword} (upper case) at or past {@code from}, when
   * that option is given: GEORADIUS' destination is {@code afterOption("STORE", 6)}. Like Redis, a
   * keyword in the last argument has no key and is not searched for.
   */
  static KeySpec afterOption(String keyword, int from) {
    return new OptionKeySpec(keyword, from);
  }

  /**
   * SORT's keys as Redis finds them: the sorted key, then the destination of the last STORE option.
   * The arguments of LIMIT, GET and BY are skipped, so a pattern spelled "store" is no option.
   */
  static KeySpec sortWithStore() {
    return SortKeySpec.INSTANCE;
  }

  /**
   * The keys {@code keys} finds, but only when argument 1 is one of {@code subcommands}: OBJECT
   * ENCODING names a key, OBJECT HELP none, so a keyless form finds no key.
   */
  static KeySpec forSubcommands(KeySpec keys, String... subcommands) {
    return new SubcommandKeySpec(
        keys, Stream.of(subcommands).map(name -> name.toUpperCase(Locale.ROOT)).toList());
  }

  /**
   * The keys of every spec in order, for commands like ZUNIONSTORE (a destination, then counted).
   */
  static KeySpec all(KeySpec... specs) {
    return (args, out) -> {
      for (KeySpec spec : specs) {
        if (!spec.find(args, out)) {
          return false;
        }
      }
      return true;
    };
  }
}
