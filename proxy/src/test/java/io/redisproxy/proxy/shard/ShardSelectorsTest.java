package io.redisproxy.proxy.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.config.Hashing;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardSelectorsTest {
  private static final KeySample KEYS = KeySample.random(20_000, 3);
  private static final KeySample TAGGED =
      KeySample.of(IntStream.range(0, 200).mapToObj(i -> "{cart:9}:" + i).toList());

  private static final List<ShardConfig> SHARDS =
      List.of(
          new ShardConfig("10.0.0.1:6379"),
          new ShardConfig("orders", "10.0.0.2:6379", List.of("10.0.1.2:6379")),
          new ShardConfig("10.0.0.3:6379"));
  private static final List<String> NAMES = List.of("10.0.0.1:6379", "orders", "10.0.0.3:6379");

  @Test
  void defaultsToHashTaggedMaglevOverShardNames() {
    ShardSelector selector = ShardSelectors.forUpstream(upstream(null, null, null));

    assertThat(selector.shardCount()).isEqualTo(3);
    assertThat(KEYS.shards(selector)).isEqualTo(KEYS.shards(new Maglev(NAMES)));
    assertThat(TAGGED.shards(selector)).containsOnly(TAGGED.shardOf(selector, 0));
  }

  @Test
  void usesKetamaWhenAsked() {
    ShardSelector selector = ShardSelectors.forUpstream(upstream(Hashing.KETAMA, null, false));

    assertThat(KEYS.shards(selector)).isEqualTo(KEYS.shards(new Ketama(NAMES)));
  }

  @Test
  void usesTheConfiguredMaglevTableSize() {
    ShardSelector selector = ShardSelectors.forUpstream(upstream(Hashing.MAGLEV, 1009, false));

    assertThat(KEYS.shards(selector)).isEqualTo(KEYS.shards(new Maglev(NAMES, 1009)));
    assertThat(KEYS.shards(selector)).isNotEqualTo(KEYS.shards(new Maglev(NAMES)));
  }

  @Test
  void hashTagsCanBeTurnedOff() {
    ShardSelector selector = ShardSelectors.forUpstream(upstream(Hashing.MAGLEV, null, false));

    assertThat(IntStream.of(TAGGED.shards(selector)).distinct().count()).isEqualTo(3);
  }

  @Test
  void keysFollowAShardsNameWhenItsServersAreReplaced() {
    List<ShardConfig> replaced =
        List.of(
            SHARDS.get(0),
            new ShardConfig("orders", "10.0.0.9:6379", List.of("10.0.1.9:6379")),
            SHARDS.get(2));
    for (Hashing hashing : Hashing.values()) {
      UpstreamConfig before = upstream(hashing, null, null);
      UpstreamConfig after =
          new UpstreamConfig("cache", hashing, null, null, null, null, null, replaced);

      assertThat(KEYS.shards(ShardSelectors.forUpstream(after)))
          .as("%s", hashing)
          .isEqualTo(KEYS.shards(ShardSelectors.forUpstream(before)));
    }
  }

  private static UpstreamConfig upstream(Hashing hashing, Integer tableSize, Boolean hashTags) {
    return new UpstreamConfig("cache", hashing, tableSize, hashTags, null, null, null, SHARDS);
  }
}
