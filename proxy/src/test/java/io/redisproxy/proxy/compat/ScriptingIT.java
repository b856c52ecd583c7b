package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts and functions through the proxy over three shards answer as one redis-server does: every
 * request goes to both sides and the replies are compared byte for byte.
 */
class ScriptingIT {
  // One function each: a server lists a library's functions in the order of its hash table.
  static final String LIBRARY =
      "#!lua name=counters\n"
          + "redis.register_function('bump', function(keys, args)"
          + " return redis.call('INCRBY', keys[1], args[1]) end)";
  static final String READERS =
      "#!lua name=readers\n"
          + "redis.register_function{function_name='peek', callback=function(keys, args)"
          + " return redis.call('GET', keys[1]) end, flags={'no-writes'}}";
  static final String GREETINGS =
      "#!lua name=greetings\n"
          + "redis.register_function('hello', function(keys, args) return 'hi' end)";

  private static SideBySide sides;
  private static List<String> keys;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
    keys = keysOnEveryShard(sides);
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  @BeforeEach
  void flush() {
    sides.flush();
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SCRIPT", "FLUSH"));
      pair.assertSame(List.of("FUNCTION", "FLUSH"));
    }
  }

  /** Keys that the proxy puts on different shards, one for each. */
  static List<String> keysOnEveryShard(SideBySide sides) {
    List<String> found = new ArrayList<>();
    List<Object> shards = new ArrayList<>();
    for (int i = 0; found.size() < 3; i++) {
      Object shard = sides.proxy().shardOf("key" + i);
      if (!shards.contains(shard)) {
        shards.add(shard);
        found.add("key" + i);
      }
    }
    return found;
  }

  @Test
  void scriptLoadThenEvalshaOnEveryShard() {
    String script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SCRIPT", "LOAD", script));
      String sha = sha1(script);
      for (String key : keys) {
        pair.assertSame(List.of("EVALSHA", sha, "1", key, "5"));
        pair.assertSame(List.of("EVALSHA", sha.toUpperCase(), "1", key, "2"));
        pair.assertSame(List.of("EVALSHA_RO", sha, "1", key, "2"));
      }
      pair.assertSame(List.of("SCRIPT", "EXISTS", sha, "0".repeat(40), sha));
      pair.assertSame(List.of("EVALSHA", "0".repeat(40), "1", keys.get(0)));
      pair.assertSame(List.of("EVALSHA", sha, "0"));
      pair.assertSame(List.of("SCRIPT", "LOAD", "this is not lua"));
      pair.assertSame(List.of("SCRIPT", "KILL"));
      pair.assertSame(List.of("SCRIPT", "HELP"));
      pair.assertSame(List.of("SCRIPT", "FLUSH", "ASYNC"));
      pair.assertSame(List.of("SCRIPT", "EXISTS", sha));
      pair.assertSame(List.of("EVALSHA", sha, "1", keys.get(1), "1"));
      pair.assertSame(List.of("SCRIPT", "LOAD"));
      pair.assertSame(List.of("SCRIPT", "FLUSH", "NOW"));
      pair.assertSame(List.of("SCRIPT", "EXISTS"));
    }
  }

  /** On one server EVAL caches the script for EVALSHA; through the proxy on every shard too. */
  @Test
  void evalshaFindsWhatEvalRanOnAnotherShard() {
    String script = "return redis.call('SET', KEYS[1], ARGV[1])";
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("EVAL", script, "1", keys.get(0), "a"));
      String sha = sha1(script);
      for (String key : keys) {
        pair.assertSame(List.of("EVALSHA", sha, "1", key, "b"));
        pair.assertSame(List.of("GET", key));
      }
      pair.assertSame(List.of("SCRIPT", "EXISTS", sha));
    }
  }

  /** Inside EXEC a NOSCRIPT cannot be retried: the proxy loads what it knows before MULTI. */
  @Test
  void evalshaInsideMultiFindsWhatEvalRanOnAnotherShard() {
    String script = "return redis.call('INCR', KEYS[1])";
    String unseen = "return redis.call('DECR', KEYS[1])";
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("EVAL", script, "1", keys.get(0)));
      for (String key : keys.subList(1, 3)) {
        pair.assertSame(List.of("MULTI"));
        pair.assertSame(List.of("EVALSHA", sha1(script), "1", key));
        pair.assertSame(List.of("EVALSHA", sha1(unseen), "1", key));
        pair.assertSame(List.of("EVAL", unseen, "1", key));
        pair.assertSame(List.of("EVALSHA", sha1(unseen), "1", key));
        pair.assertSame(List.of("EXEC"));
      }
      pair.assertSame(List.of("MULTI"));
      pair.assertSame(List.of("EVAL", "return 'never'", "1", keys.get(0)));
      pair.assertSame(List.of("DISCARD"));
      pair.assertSame(List.of("EVALSHA", sha1("return 'never'"), "1", keys.get(1)));
      pair.assertSame(List.of("EVAL", "return 'broken", "1", keys.get(0)));
      pair.assertSame(List.of("EVALSHA", sha1("return 'broken"), "1", keys.get(1)));
    }
  }

  /**
   * Found by the differential tester: SCRIPT EXISTS pipelined after the EXEC of an EVAL, and before
   * a SCRIPT FLUSH.
   */
  @Test
  void scriptExistsSeesWhatATransactionPipelinedBeforeItRan() {
    String script = "return redis.call('INCR', KEYS[1])";
    List<List<String>> pipeline =
        List.of(
            List.of("MULTI"),
            List.of("EVAL", script, "1", keys.get(0)),
            List.of("EXEC"),
            List.of("SCRIPT", "EXISTS", sha1(script), sha1("return 0")),
            List.of("SCRIPT", "FLUSH"),
            List.of("SCRIPT", "EXISTS", sha1(script)),
            List.of("EVALSHA", sha1(script), "1", keys.get(1)));
    try (SideBySide.Pair pair = sides.connect()) {
      pair.viaProxy().sendAll(pipeline);
      pair.direct().sendAll(pipeline);
      for (List<String> command : pipeline) {
        assertThat(SideBySide.text(pair.viaProxy().readReply()))
            .as("reply to %s", command)
            .isEqualTo(SideBySide.text(pair.direct().readReply()));
      }
    }
  }

  /** Found by the differential tester: a transaction a WATCH aborted ran none of its EVALs. */
  @Test
  void evalshaDoesNotFindWhatAnAbortedTransactionWouldHaveRun() {
    String script = "return redis.call('TYPE', KEYS[1])";
    try (SideBySide.Pair pair = sides.connect();
        SideBySide.Pair other = sides.connect()) {
      pair.assertSame(List.of("WATCH", keys.get(0)));
      other.assertSame(List.of("SET", keys.get(0), "changed"));
      pair.assertSame(List.of("MULTI"));
      pair.assertSame(List.of("EVAL", script, "1", keys.get(0)));
      pair.assertSame(List.of("EXEC"));
      pair.assertSame(List.of("EVALSHA", sha1(script), "1", keys.get(1)));
      pair.assertSame(List.of("SCRIPT", "EXISTS", sha1(script)));
    }
  }

  /**
   * Found by the differential tester: a request pipelined behind EVALSHA on a shard that lacked the
   * script ran before it, when the script was loaded only after NOSCRIPT.
   */
  @Test
  void evalshaRunsBeforeWhatIsPipelinedBehindIt() {
    String script = "return redis.call('TYPE', KEYS[1])";
    List<List<String>> pipeline =
        List.of(
            List.of("EVALSHA", sha1(script), "1", keys.get(1)),
            List.of("DEL", keys.get(1)),
            List.of("EVALSHA", sha1(script), "1", keys.get(2)),
            List.of("SET", keys.get(2), "now"));
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("EVAL", script, "1", keys.get(0)));
      pair.assertSame(List.of("RPUSH", keys.get(1), "a"));
      pair.viaProxy().sendAll(pipeline);
      pair.direct().sendAll(pipeline);
      for (List<String> command : pipeline) {
        assertThat(SideBySide.text(pair.viaProxy().readReply()))
            .as("reply to %s", command)
            .isEqualTo(SideBySide.text(pair.direct().readReply()));
      }
    }
  }

  /** A busy script is killed from another connection, as on one server. */
  @Test
  void scriptKillAndFunctionKillStopABusyScript() {
    try (SideBySide.Pair killer = sides.connect()) {
      killer.assertSame(List.of("CONFIG", "SET", "busy-reply-threshold", "50"));
      try {
        killer.assertSame(
            List.of(
                "FUNCTION",
                "LOAD",
                "#!lua name=spin\nredis.register_function{function_name='spin', callback="
                    + "function(keys, args) while true do end end, flags={'no-writes'}}"));
        killWhileBusy(killer, List.of("EVAL", "while true do end", "1", keys.get(1)), "SCRIPT");
        killWhileBusy(killer, List.of("FCALL", "spin", "1", keys.get(2)), "FUNCTION");
      } finally {
        killer.assertSame(List.of("CONFIG", "SET", "busy-reply-threshold", "5000"));
      }
    }
  }

  private static void killWhileBusy(SideBySide.Pair killer, List<String> busy, String kind) {
    try (SideBySide.Pair spinning = sides.connect()) {
      for (RawConnection side : List.of(spinning.viaProxy(), spinning.direct())) {
        side.send(busy);
      }
      for (RawConnection side : List.of(killer.viaProxy(), killer.direct())) {
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> SideBySide.text(side.command(List.of(kind, "KILL"))).equals("+OK\r\n"));
      }
      assertThat(SideBySide.text(spinning.viaProxy().readReply()))
          .isEqualTo(SideBySide.text(spinning.direct().readReply()));
      killer.assertSame(List.of(kind, "KILL"));
    }
  }

  @Test
  void scriptsWithoutKeysRunOnAnyShard() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("EVAL", "return 1", "0"));
      pair.assertSame(List.of("EVAL_RO", "return {1, 'two', ARGV[1]}", "0", "three"));
      pair.assertSame(List.of("EVALSHA", sha1("return 1"), "0"));
      pair.assertSame(List.of("FUNCTION", "LOAD", GREETINGS));
      pair.assertSame(List.of("FCALL", "hello", "0"));
      pair.assertSame(List.of("FCALL_RO", "hello", "0"));
    }
  }

  @Test
  void functionsLoadedOnEveryShard() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("FUNCTION", "LOAD", LIBRARY));
      pair.assertSame(List.of("FUNCTION", "LOAD", LIBRARY));
      pair.assertSame(List.of("FUNCTION", "LOAD", "REPLACE", LIBRARY));
      pair.assertSame(List.of("FUNCTION", "LOAD", "#!lua name=broken\nnot lua at all"));
      pair.assertSame(List.of("FUNCTION", "LOAD", READERS));
      for (String key : keys) {
        pair.assertSame(List.of("FCALL", "bump", "1", key, "3"));
        pair.assertSame(List.of("FCALL_RO", "peek", "1", key));
        pair.assertSame(List.of("FCALL_RO", "bump", "1", key, "1"));
      }
      pair.assertSame(List.of("FCALL", "nosuchfunction", "1", keys.get(2)));
      pair.assertSame(List.of("FUNCTION", "LIST", "LIBRARYNAME", "count*"));
      pair.assertSame(List.of("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "read*"));
      pair.assertSame(List.of("FUNCTION", "LIST", "LIBRARYNAME", "nothing*"));
      String[] both = pair.replies(List.of("FUNCTION", "LIST"));
      assertThat(libraries(both[0])).isEqualTo(libraries(both[1])).hasSize(2);
      pair.assertSame(List.of("FUNCTION", "STATS"));
      pair.assertSame(List.of("FUNCTION", "KILL"));
      pair.assertSame(List.of("FUNCTION", "HELP"));
      pair.assertSame(List.of("FUNCTION", "DELETE", "readers"));
      pair.assertSame(List.of("FUNCTION", "DUMP"));
      byte[] payload = payload(pair.direct().command(List.of("FUNCTION", "DUMP")));
      pair.assertSameOfBytes(List.of(ascii("FUNCTION"), ascii("RESTORE"), payload));
      pair.assertSame(List.of("FUNCTION", "DELETE", "counters"));
      pair.assertSame(List.of("FUNCTION", "DELETE", "counters"));
      pair.assertSame(List.of("FCALL", "bump", "1", keys.get(0), "1"));
      pair.assertSameOfBytes(List.of(ascii("FUNCTION"), ascii("RESTORE"), payload));
      pair.assertSameOfBytes(
          List.of(ascii("FUNCTION"), ascii("RESTORE"), payload, ascii("REPLACE")));
      pair.assertSame(List.of("FUNCTION", "RESTORE", "garbage"));
      pair.assertSame(List.of("FCALL", "bump", "1", keys.get(1), "1"));
      pair.assertSame(List.of("FUNCTION", "FLUSH", "SYNC"));
      pair.assertSame(List.of("FUNCTION", "LIST"));
      pair.assertSame(List.of("FUNCTION", "DUMP"));
    }
  }

  /** The libraries of a FUNCTION LIST reply, sorted: each server lists them in its own order. */
  static List<String> libraries(String reply) {
    return ReplyComparison.elements(reply.getBytes(StandardCharsets.ISO_8859_1)).stream()
        .map(library -> new String(library, StandardCharsets.ISO_8859_1))
        .sorted()
        .toList();
  }

  @Test
  void scriptAndFunctionSubcommandsRedisDoesNotKnowOrCountsWrong() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SCRIPT", "NOPE"));
      pair.assertSame(List.of("FUNCTION", "NOPE", "x"));
      pair.assertSame(List.of("SCRIPT"));
      pair.assertSame(List.of("FUNCTION", "DELETE"));
      pair.assertSame(List.of("SCRIPT", "KILL", "now"));
      assertThat(pair.replies(List.of("SCRIPT", "DEBUG", "YES"))[0])
          .startsWith("-ERR 'script|debug' is not served by the proxy: ");
    }
  }

  /** The content of a bulk string reply. */
  static byte[] payload(byte[] bulk) {
    int start = 0;
    while (bulk[start] != '\n') {
      start++;
    }
    return Arrays.copyOfRange(bulk, start + 1, bulk.length - 2);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static String sha1(String script) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
