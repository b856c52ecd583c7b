package io.redisproxy.proxy.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KetamaTest {
  private static final KeySample KEYS = KeySample.random(100_000, 11);

  /**
   * Where twemproxy (nutcracker, {@code distribution: ketama, hash: md5}) put {@code key:0} to
   * {@code key:299} over three equally weighted servers named shard-a, shard-b and shard-c: one
   * letter per key, read back from the Redis servers behind it.
   */
  private static final String TWEMPROXY_PLACEMENT =
      "cccbbcaabcbbbbacacacbbacccaabbcbccccbcccabccacbabaaaccccbacc"
          + "cabaacbcaabaacbcbcaabbbbacbccbbccaabcbacbbacaababbcaacbbccba"
          + "cccccaccbccaabcbccbaabcbabbcbbbbcbcacaccacccbcbbbbbcbbbacbba"
          + "bcbacbcccaaaccbcbaacabaccccabbcccbabbacbccbbaaaccaabbbacccbb"
          + "cbccbbaaccbcbaccacbcccaccbbbbcccbbbacbbbbbbbbbcacaaacbabbbca";

  @Test
  void placesKeysWhereTwemproxyDoes() {
    List<String> names = List.of("shard-a", "shard-b", "shard-c");
    KeySample keys = KeySample.of(IntStream.range(0, 300).mapToObj(i -> "key:" + i).toList());

    String[] placed = keys.shardNames(new Ketama(names), names);

    for (int i = 0; i < placed.length; i++) {
      assertThat(placed[i]).as(keys.key(i)).isEqualTo("shard-" + TWEMPROXY_PLACEMENT.charAt(i));
    }
  }

  @Test
  void aShardsPointNamesHashOntoItsOwnPoints() {
    List<String> names = KeySample.shardNames(3);
    List<String> pointNames = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (String name : names) {
      for (int i = 0; i < 40; i++) {
        pointNames.add(name + "-" + i);
        owners.add(name);
      }
    }

    String[] placed = KeySample.of(pointNames).shardNames(new Ketama(names), names);

    assertThat(placed).containsExactlyElementsOf(owners);
  }

  @Test
  void readsRingPointsAsLittleEndianWords() {
    // MD5("abc") = 900150983cd24fb0 d6963f7d28e17f72, from RFC 1321's test suite.
    byte[] digest = Md5Points.newMd5().digest(new byte[] {'a', 'b', 'c'});

    assertThat(Md5Points.point(digest, 0)).isEqualTo(0x98500190L);
    assertThat(Md5Points.point(digest, 1)).isEqualTo(0xB04FD23CL);
    assertThat(Md5Points.point(digest, 2)).isEqualTo(0x7D3F96D6L);
    assertThat(Md5Points.point(digest, 3)).isEqualTo(0x727FE128L);
    assertThat(Md5Points.keyPoint(KeySample.ascii("abc"), 0, 3)).isEqualTo(0x98500190L);
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {3, 5, 10})
  void givesEveryShardARoughlyEvenShare(int shardCount) {
    List<Double> shares = KEYS.shares(new Ketama(KeySample.shardNames(shardCount)));

    double even = 1.0 / shardCount;
    assertThat(shares).allSatisfy(share -> assertThat(share).isCloseTo(even, within(even * 0.15)));
  }

  @ParameterizedTest(name = "{0} shards plus one")
  @ValueSource(ints = {3, 5, 10})
  void addingAShardMovesKeysOnlyToIt(int shardCount) {
    int[] was = KEYS.shards(new Ketama(KeySample.shardNames(shardCount)));
    int[] now = KEYS.shards(new Ketama(KeySample.shardNames(shardCount + 1)));

    int moved = 0;
    for (int i = 0; i < was.length; i++) {
      if (was[i] != now[i]) {
        assertThat(now[i]).as(KEYS.key(i)).isEqualTo(shardCount);
        moved++;
      }
    }

    double newShare = 1.0 / (shardCount + 1);
    assertThat((double) moved / KEYS.size()).isCloseTo(newShare, within(newShare * 0.2));
  }

  @ParameterizedTest(name = "{0} shards minus one")
  @ValueSource(ints = {3, 5, 10})
  void removingAShardMovesOnlyItsKeys(int shardCount) {
    List<String> before = KeySample.shardNames(shardCount);
    String removed = before.get(shardCount / 2);
    List<String> after = new ArrayList<>(before);
    after.remove(removed);

    String[] was = KEYS.shardNames(new Ketama(before), before);
    String[] now = KEYS.shardNames(new Ketama(after), after);

    for (int i = 0; i < was.length; i++) {
      if (!was[i].equals(removed)) {
        assertThat(now[i]).as(KEYS.key(i)).isEqualTo(was[i]);
      }
    }
  }

  @Test
  void keysFollowShardNamesNotTheirListingOrder() {
    List<String> listed = List.of("cache-a", "cache-b", "cache-c", "cache-d");
    List<String> reordered = List.of("cache-d", "cache-b", "cache-a", "cache-c");

    assertThat(KEYS.shardNames(new Ketama(reordered), reordered))
        .isEqualTo(KEYS.shardNames(new Ketama(listed), listed));
  }

  @Test
  void rejectsShardsWithoutDistinctNames() {
    assertThatThrownBy(() -> new Ketama(List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' is used by two shards");
  }
}
