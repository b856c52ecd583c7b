package io.redisproxy.proxy.command;

/**
 * The first-key, last-key and step triple that COMMAND reports, which older clients use to find
 * keys. Key specs that are not a plain range report zeros and the {@code movablekeys} flag, as
 * Redis does.
 */
public record LegacyKeyRange(int first, int last, int step, boolean movable) {
  public static LegacyKeyRange of(KeySpec spec) {
    if (spec == KeySpec.NONE) {
      return new LegacyKeyRange(0, 0, 0, false);
    }
    if (spec instanceof RangeKeySpec range) {
      return new LegacyKeyRange(range.first(), range.last(), range.step(), false);
    }
    return new LegacyKeyRange(0, 0, 0, true);
  }
}
