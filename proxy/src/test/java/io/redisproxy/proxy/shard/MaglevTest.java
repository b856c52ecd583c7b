package io.redisproxy.proxy.shard;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaglevTest {
  private static final KeySample KEYS = KeySample.random(100_000, 7);

  private static final Map<String, Integer> EARLIER_PLACEMENTS =
      Map.ofEntries(
          entry("user:1", 2),
          entry("user:2", 1),
          entry("user:3", 4),
          entry("session:42", 0),
          entry("cart:9000", 0),
          entry("a", 4),
          entry("{tag}x", 1),
          entry("key:000000012345", 2),
          entry("order:7", 2),
          entry("z", 0),
          entry("pageviews:2026-12-08", 3),
          entry("q", 1));

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {3, 5, 10})
  void givesEveryShardAnEvenShare(int shardCount) {
    List<Double> shares = KEYS.shares(new Maglev(KeySample.shardNames(shardCount)));

    double even = 1.0 / shardCount;
    assertThat(shares).allSatisfy(share -> assertThat(share).isCloseTo(even, within(even * 0.05)));
  }

  @ParameterizedTest(name = "{0} shards plus one")
  @ValueSource(ints = {3, 5, 10})
  void addingAShardMovesAboutItsShareAndLittleBetweenOldShards(int shardCount) {
    List<String> before = KeySample.shardNames(shardCount);
    List<String> after = KeySample.shardNames(shardCount + 1);
    int[] was = KEYS.shards(new Maglev(before));
    int[] now = KEYS.shards(new Maglev(after));

    int moved = 0;
    int movedBetweenOldShards = 0;
    for (int i = 0; i < was.length; i++) {
      if (was[i] != now[i]) {
        moved++;
        if (now[i] != shardCount) {
          movedBetweenOldShards++;
        }
      }
    }

    double newShare = 1.0 / (shardCount + 1);
    assertThat(fraction(moved)).isCloseTo(newShare, within(0.02));
    assertThat(fraction(movedBetweenOldShards)).isLessThan(0.01);
  }

  @ParameterizedTest(name = "{0} shards minus one")
  @ValueSource(ints = {3, 5, 10})
  void removingAShardMovesItsKeysAndFewOthers(int shardCount) {
    List<String> before = KeySample.shardNames(shardCount);
    int removed = shardCount / 2;
    List<String> after = new ArrayList<>(before);
    after.remove(removed);
    String[] was = KEYS.shardNames(new Maglev(before), before);
    String[] now = KEYS.shardNames(new Maglev(after), after);

    int movedFromRemaining = 0;
    for (int i = 0; i < was.length; i++) {
      if (!was[i].equals(before.get(removed)) && !was[i].equals(now[i])) {
        movedFromRemaining++;
      }
    }

    assertThat(fraction(movedFromRemaining)).isLessThan(0.01);
  }

  @Test
  void keysFollowShardNamesNotTheirListingOrder() {
    List<String> listed = List.of("cache-a", "cache-b", "cache-c", "cache-d");
    List<String> reordered = List.of("cache-c", "cache-a", "cache-d", "cache-b");

    assertThat(KEYS.shardNames(new Maglev(reordered), reordered))
        .isEqualTo(KEYS.shardNames(new Maglev(listed), listed));
  }

  @Test
  void smallTablesStillCoverEveryShard() {
    Maglev maglev = new Maglev(KeySample.shardNames(7), 701);

    double even = 1.0 / 7;
    assertThat(KEYS.shares(maglev))
        .allSatisfy(share -> assertThat(share).isCloseTo(even, within(even * 0.05)));
  }

  @Test
  void aSingleShardTakesEveryKey() {
    Maglev maglev = new Maglev(List.of("only"));

    assertThat(KEYS.shards(maglev)).containsOnly(0);
    assertThat(maglev.shardCount()).isEqualTo(1);
  }

  /** Placements a release made: a proxy upgraded over the same shards must find its keys again. */
  @Test
  void keysStayOnTheShardsEarlierReleasesPutThemOn() {
    Maglev maglev = new Maglev(List.of("redis-0", "redis-1", "redis-2", "redis-3", "redis-4"));
    KeySample sample = KeySample.of(List.copyOf(EARLIER_PLACEMENTS.keySet()));
    Map<String, Integer> placed = new HashMap<>();
    for (int i = 0; i < sample.size(); i++) {
      placed.put(sample.key(i), sample.shardOf(maglev, i));
    }

    assertThat(placed).isEqualTo(EARLIER_PLACEMENTS);
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {255, 256, 257, 300})
  void tablesOfManyShardsNameEveryShardAndNoOther(int shardCount) {
    int[] shards = KEYS.shards(new Maglev(KeySample.shardNames(shardCount)));

    assertThat(IntStream.of(shards).distinct().sorted().toArray())
        .isEqualTo(IntStream.range(0, shardCount).toArray());
  }

  @Test
  void rejectsATableSizeThatIsNoPrime() {
    assertThatThrownBy(() -> new Maglev(KeySample.shardNames(3), 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a prime")
        .hasMessageContaining("65536");
  }

  @Test
  void rejectsATableSmallerThanTheShardCount() {
    assertThatThrownBy(() -> new Maglev(KeySample.shardNames(5), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no smaller than the number of shards (5)");
  }

  @Test
  void rejectsShardsWithoutDistinctNames() {
    assertThatThrownBy(() -> new Maglev(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' is used by two shards");
    assertThatThrownBy(() -> new Maglev(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one shard");
  }

  private static double fraction(int count) {
    return (double) count / KEYS.size();
  }
}
