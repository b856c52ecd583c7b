package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SORT and SORT_RO with BY and GET patterns through the proxy over three shards beside one
 * redis-server: patterns that carry the sorted key's hash tag answer as Redis; others are refused
 * with the reason. Over one shard, every pattern answers as Redis.
 */
class SortIT {
  private static final String REFUSED = "-ERR SORT pattern '%s' is not served by the proxy: ";

  private static SideBySide sides;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  @BeforeEach
  void flush() {
    sides.flush();
  }

  @Test
  void taggedPatternsSortAsOneServer() {
    try (SideBySide.Pair pair = sides.connect()) {
      same(
          pair,
          "RPUSH {u}:list 3 1 2 10 7",
          "MSET {u}:w_1 50 {u}:w_2 20 {u}:w_3 20 {u}:w_10 -1",
          "MSET {u}:o_1 one {u}:o_2 two {u}:o_3 three {u}:o_7 seven",
          "SORT {u}:list BY {u}:w_*",
          "SORT {u}:list BY {u}:w_* DESC",
          "SORT {u}:list BY {u}:w_* GET {u}:o_* GET #",
          "SORT {u}:list BY {u}:w_* LIMIT 1 3 GET # GET {u}:o_*",
          "SORT {u}:list BY {u}:o_* ALPHA",
          "SORT {u}:list BY {u}:o_* ALPHA DESC LIMIT 0 2 GET {u}:o_*",
          "SORT {u}:list GET {u}:o_* ALPHA",
          "SORT {u}:list GET {u}:missing_* GET #",
          "SORT {u}:list BY {u}:missing_*",
          "SORT_RO {u}:list BY {u}:w_* GET {u}:o_*",
          "SORT_RO {u}:list BY {u}:o_* GET # DESC",
          "SORT {u}:list BY {u}:w_* GET {u}:o_* STORE {u}:sorted",
          "LRANGE {u}:sorted 0 -1",
          "SORT {u}:list BY {u}:o_*",
          "SORT {u}:list BY {u}:w_* LIMIT 0 x");
    }
  }

  @Test
  void hashFieldsSortAndAreFetchedAsOneServer() {
    try (SideBySide.Pair pair = sides.connect()) {
      same(
          pair,
          "SADD {u}:ids 1 2 3 4",
          "HSET {u}:user_1 age 30 name ann",
          "HSET {u}:user_2 age 25 name bob",
          "HSET {u}:user_3 name cid",
          "SORT {u}:ids BY {u}:user_*->age GET {u}:user_*->name GET #",
          "SORT {u}:ids BY {u}:user_*->name ALPHA DESC GET {u}:user_*->age",
          "SORT {u}:ids BY {u}:user_*-> GET {u}:user_*->nope",
          "SORT_RO {u}:ids BY {u}:user_*->age LIMIT 1 2 GET {u}:user_*->name",
          "ZADD {u}:z 1 3 2 1 3 2",
          "SORT {u}:z BY {u}:user_*->age GET {u}:user_*->name",
          "SET {u}:user_4 plain",
          "SORT {u}:ids BY {u}:user_*->age GET {u}:user_*->name");
    }
  }

  @Test
  void patternsThatNameNoKeyAreServedOnAnyKey() {
    try (SideBySide.Pair pair = sides.connect()) {
      same(
          pair,
          "RPUSH list b a c",
          "SORT list BY nosort GET #",
          "SORT list BY nosort GET # GET # DESC",
          "SORT list BY constant ALPHA",
          "SORT list GET constant",
          "SORT_RO list ALPHA GET #",
          "SORT list GET");
    }
  }

  @Test
  void patternsThatMayNameKeysOfOtherShardsAreRefused() {
    String otherTag = tagOnAnotherShardThan("{u}");
    try (SideBySide.Pair pair = sides.connect()) {
      same(pair, "RPUSH {u}:list 2 1", "SET w_1 5");
      refused(pair, "SORT {u}:list BY w_*", "w_*");
      refused(pair, "SORT {u}:list GET # GET o_*", "o_*");
      refused(
          pair, "SORT_RO {u}:list BY {u}:w_* GET {" + otherTag + "}:o_*", "{" + otherTag + "}:o_*");
      // The tag of each key comes after the '*': it is the element's, not the pattern's.
      refused(pair, "SORT {u}:list BY w_*:{u}", "w_*:{u}");
      refused(pair, "SORT {u}:list GET {*}:o", "{*}:o");
      refused(pair, "SORT {u}:list GET {u*}:o", "{u*}:o");
      assertThat(pair.replies(command("SORT {u}:list BY {u}:w_* STORE {" + otherTag + "}:dst"))[0])
          .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
    }
  }

  @Test
  void overOneShardEveryPatternIsServed() {
    try (SideBySide oneShard = SideBySide.start(1);
        SideBySide.Pair pair = oneShard.connect()) {
      same(
          pair,
          "RPUSH list 3 1 2",
          "MSET w_1 9 w_2 3 o_1 one o_3 three",
          "HSET h_2 name two",
          "SORT list BY w_* GET o_* GET # GET h_*->name",
          "SORT_RO list BY o_* ALPHA DESC GET #",
          "SORT list BY w_* GET o_* STORE dst",
          "LRANGE dst 0 -1");
    }
  }

  @Test
  void withoutHashTagsOnlyOneShardServesPatterns() {
    UnaryOperator<ProxyConfig> withoutTags =
        config ->
            new ProxyConfig(
                config.listen(),
                config.admin(),
                1,
                List.of(
                    new UpstreamConfig(
                        "main",
                        null,
                        null,
                        false,
                        null,
                        null,
                        null,
                        config.upstreams().get(0).shards())),
                null,
                null,
                config.limits(),
                null);
    try (ProxyFixture proxy = ProxyFixture.start(2, withoutTags);
        RespSocket client = proxy.client()) {
      assertThatThrownBy(() -> client.command("SORT", "{u}:list", "BY", "{u}:w_*"))
          .isInstanceOf(RedisErrorReply.class)
          .hasMessageStartingWith(
              "ERR SORT pattern '{u}:w_*' is not served by the proxy: the keys it names may live"
                  + " on other shards");
      assertThat(client.command("SORT", "{u}:list", "BY", "nosort", "GET", "#"))
          .isEqualTo(List.of());
    }
  }

  @Test
  void insideMultiTaggedPatternsRunAndOthersAbortTheTransaction() {
    try (SideBySide.Pair pair = sides.connect()) {
      same(
          pair,
          "RPUSH {u}:list 2 1",
          "MSET {u}:w_1 9 {u}:w_2 3",
          "MULTI",
          "SORT {u}:list BY {u}:w_* GET #",
          "SORT_RO {u}:list BY nosort",
          "EXEC");
      assertThat(reply(pair, "MULTI")).isEqualTo("+OK\r\n");
      assertThat(reply(pair, "SORT {u}:list BY w_*")).startsWith(REFUSED.formatted("w_*"));
      assertThat(reply(pair, "EXEC"))
          .isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
    }
  }

  private static void refused(SideBySide.Pair pair, String line, String pattern) {
    assertThat(reply(pair, line))
        .as("reply to %s", line)
        .startsWith(REFUSED.formatted(pattern))
        .contains("put the sorted key's hash tag before its '*'");
  }

  private static String reply(SideBySide.Pair pair, String line) {
    return SideBySide.text(pair.viaProxy().command(command(line)));
  }

  private static String tagOnAnotherShardThan(String key) {
    for (int i = 0; ; i++) {
      if (sides.proxy().shardOf("{t" + i + "}") != sides.proxy().shardOf(key)) {
        return "t" + i;
      }
    }
  }

  private static void same(SideBySide.Pair pair, String... lines) {
    for (String line : lines) {
      pair.assertSame(command(line));
    }
  }

  private static List<String> command(String line) {
    return List.of(line.split(" "));
  }
}
