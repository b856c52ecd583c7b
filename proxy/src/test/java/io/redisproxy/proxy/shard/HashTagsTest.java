package io.redisproxy.proxy.shard;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HashTagsTest {
  private static final List<String> NAMES = KeySample.shardNames(5);

  /** The cases of the Redis Cluster specification, and the edges around them. */
  @ParameterizedTest(name = "\"{0}\" hashes \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "{user1000}.following|user1000",
        "{user1000}.followers|user1000",
        "foo{}{bar}|foo{}{bar}",
        "foo{{bar}}zap|{bar",
        "foo{bar}{zap}|bar",
        "{a}{b}|a",
        "{}|{}",
        "{|{",
        "}{a}|a",
        "a{b|a{b",
        "plain|plain",
        "''|''"
      })
  void hashesTheFirstNonEmptyTagOrElseTheWholeKey(String key, String hashed) {
    ByteBuf buf = KeySample.ascii("<" + key + ">");

    long part = HashTags.hashedPart(buf, 1, key.length());

    String actual = buf.toString(HashTags.start(part), HashTags.length(part), ISO_8859_1);
    assertThat(actual).isEqualTo(hashed);
    ByteBuf direct = KeySample.directSlice(key);
    long directPart = HashTags.hashedPart(direct, 0, key.length());
    assertThat(direct.toString(HashTags.start(directPart), HashTags.length(directPart), ISO_8859_1))
        .isEqualTo(hashed);
    direct.release();
  }

  @ParameterizedTest(name = "\"{0}\" tagged: {1}")
  @CsvSource(
      delimiter = '|',
      value = {"{u}:w_|true", "a{b}|true", "{u|false", "{}:w_|false", "w_|false", "''|false"})
  void aBeginningWithATagHashesEveryKeyThatFollowsAlike(String beginning, boolean tagged) {
    ByteBuf buf = KeySample.ascii("<" + beginning + ">");

    assertThat(HashTags.tagged(buf, 1, beginning.length())).isEqualTo(tagged);
  }

  static Stream<Named<ShardSelector>> hashings() {
    return Stream.of(Named.of("maglev", new Maglev(NAMES)), Named.of("ketama", new Ketama(NAMES)));
  }

  @ParameterizedTest
  @MethodSource("hashings")
  void keysSharingATagShareAShard(ShardSelector hashing) {
    ShardSelector tagged = new HashTaggedSelector(hashing);
    for (String tag : List.of("user1000", "user1001", "order:77", "x")) {
      KeySample keys =
          KeySample.of(IntStream.range(0, 200).mapToObj(i -> i + "{" + tag + "}:" + i).toList());
      int tagShard = KeySample.of(List.of(tag)).shardOf(hashing, 0);

      assertThat(keys.shards(tagged)).as("keys tagged {%s}", tag).containsOnly(tagShard);
    }
  }

  @ParameterizedTest
  @MethodSource("hashings")
  void keysWithAnEmptyTagAreHashedWhole(ShardSelector hashing) {
    KeySample keys = KeySample.of(IntStream.range(0, 200).mapToObj(i -> "{}:" + i).toList());

    int[] tagged = keys.shards(new HashTaggedSelector(hashing));

    assertThat(tagged).isEqualTo(keys.shards(hashing));
    assertThat(IntStream.of(tagged).distinct().count()).isEqualTo(NAMES.size());
  }

  @ParameterizedTest
  @MethodSource("hashings")
  void withoutHashTagsTaggedKeysSpread(ShardSelector hashing) {
    KeySample keys =
        KeySample.of(IntStream.range(0, 200).mapToObj(i -> "{user1000}:" + i).toList());

    assertThat(IntStream.of(keys.shards(hashing)).distinct().count()).isEqualTo(NAMES.size());
  }
}
