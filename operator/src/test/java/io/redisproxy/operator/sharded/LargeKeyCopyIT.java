package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.route.StagedKeys;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.ShardSelectors;
import io.redisproxy.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Keys larger than a batch between two real redis-servers: each goes piece by piece, arrives whole
 * with its TTL, and no command on either server runs as long as a whole MIGRATE of it would.
 */
class LargeKeyCopyIT {
  private static final long PIECE = 256 * 1024;
  // Commands slower than this are logged: a piece takes a few milliseconds.
  private static final long SLOW_MICROS = 50_000;
  private static final int FIELDS = 300_000;

  private RedisServer previous;
  private RedisServer next;
  private Jedis source;
  private Jedis target;

  @BeforeEach
  void start() {
    previous = RedisServer.start();
    next = RedisServer.start();
    source = new Jedis(previous.host(), previous.port(), 30_000);
    target = new Jedis(next.host(), next.port(), 30_000);
  }

  @AfterEach
  void stop() {
    source.close();
    target.close();
    previous.close();
    next.close();
  }

  @Test
  void eachLargeKeyMovesInPiecesShorterThanAWholeMigrateAndArrivesWholeWithItsTtl() {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < FIELDS; i++) {
      fields.put("field-" + i, "value-" + i);
      if (fields.size() == 1000) {
        source.hset("hash", fields);
        fields.clear();
      }
    }
    for (int i = 0; i < 100_000; i += 1000) {
      String[] members = new String[1000];
      String[] elements = new String[1000];
      Map<String, Double> scored = new HashMap<>();
      for (int j = 0; j < 1000; j++) {
        members[j] = "member-" + (i + j);
        elements[j] = "element-" + (i + j);
        scored.put("scored-" + (i + j), (i + j) / 7.0);
      }
      source.sadd("set", members);
      source.rpush("list", elements);
      source.zadd("zset", scored);
    }
    source.zadd(
        "zset", Map.of("top", Double.POSITIVE_INFINITY, "bottom", Double.NEGATIVE_INFINITY));
    source.set("string", "0123456789abcdef".repeat(256 * 1024));
    source.pexpire("list", 600_000);
    source.pexpire("string", 300_000);
    Map<String, String> hash = source.hgetAll("hash");
    List<String> list = source.lrange("list", 0, -1);
    List<Tuple> zset = source.zrangeWithScores("zset", 0, -1);
    String string = source.get("string");
    long elements = source.scard("set");
    slowLogFrom(previous);
    slowLogFrom(next);

    LargeKeyCopy copy = new LargeKeyCopy(source, target, PIECE, Duration.ZERO);
    for (String key : List.of("hash", "set", "zset", "list", "string")) {
      assertThat(copy.move(key.getBytes(StandardCharsets.UTF_8))).as(key).isTrue();
    }
    assertThat(slowCommands(previous)).as("slow commands on the previous shard").isEmpty();
    assertThat(slowCommands(next)).as("slow commands on the new shard").isEmpty();

    assertThat(source.dbSize()).as("keys left on the previous shard").isZero();
    assertThat(target.dbSize()).isEqualTo(5);
    assertThat(target.hgetAll("hash")).isEqualTo(hash);
    assertThat(target.scard("set")).isEqualTo(elements);
    assertThat(target.sismember("set", "member-99999")).isTrue();
    assertThat(target.zrangeWithScores("zset", 0, -1)).isEqualTo(zset);
    assertThat(target.lrange("list", 0, -1)).isEqualTo(list);
    assertThat(target.get("string")).isEqualTo(string);
    assertThat(target.pttl("list")).isBetween(590_000L, 600_000L);
    assertThat(target.pttl("string")).isBetween(290_000L, 300_000L);
    assertThat(target.ttl("hash")).isEqualTo(-1L);

    // What it spares the servers: a whole MIGRATE of the hash is a slow command on both.
    assertThat(target.migrate(previous.host(), previous.port(), "hash", 0, 30_000)).isEqualTo("OK");
    assertThat(slowCommands(next)).as("a whole MIGRATE").isNotEmpty();
  }

  @Test
  void theMoverCopiesKeysHandedOverAndInterruptedCopiesAgainAndLargeKeysInPieces() {
    List<ShardConfig> one = List.of(new ShardConfig("s0", previous.address(), List.of()));
    List<ShardConfig> two =
        List.of(
            new ShardConfig("s0", previous.address(), List.of()),
            new ShardConfig("s1", next.address(), List.of()));
    UpstreamConfig upstream =
        new UpstreamConfig("main", null, null, null, null, null, null, two)
            .withResharding(new Resharding("grow", Resharding.Phase.MOVE, one));
    ShardSelector selector = ShardSelectors.forUpstream(upstream);
    List<String> moving =
        java.util.stream.IntStream.range(0, 1000)
            .mapToObj(i -> "list-" + i)
            .filter(key -> shardOf(selector, key) == 1)
            .limit(3)
            .toList();
    for (String key : moving) {
      for (int i = 0; i < 20_000; i += 1000) {
        String[] elements = new String[1000];
        for (int j = 0; j < 1000; j++) {
          elements[j] = key + "-element-" + (i + j);
        }
        source.rpush(key, elements);
      }
    }
    source.set("small-" + moving.get(0), "stays small");
    // The first one's copy was interrupted: renamed on its shard, half there on the new one.
    byte[] interrupted = moving.get(0).getBytes(StandardCharsets.UTF_8);
    assertThat(source.renamenx(interrupted, StagedKeys.outgoing(interrupted))).isEqualTo(1L);
    target.rpush(StagedKeys.incoming(interrupted), "half".getBytes(StandardCharsets.UTF_8));
    // A proxy met the second one first and handed it over.
    byte[] handedOver = moving.get(1).getBytes(StandardCharsets.UTF_8);
    assertThat(source.renamenx(handedOver, StagedKeys.outgoing(handedOver))).isEqualTo(1L);
    assertThat(source.sadd(StagedKeys.queue(), handedOver)).isEqualTo(1L);

    KeyMover mover =
        new KeyMover(
            Duration.ofSeconds(5),
            null,
            null,
            new KeyMover.Settings(100, PIECE, Duration.ZERO, Duration.ofSeconds(30)));
    Map<String, String> primaries = Map.of("s0", previous.address(), "s1", next.address());
    KeyMover.Progress progress = mover.step(upstream, primaries, KeyMover.Position.START);

    assertThat(progress.done()).isTrue();
    for (String key : moving) {
      assertThat(target.llen(key)).as(key).isEqualTo(20_000L);
      assertThat(target.lindex(key, 19_999)).isEqualTo(key + "-element-19999");
    }
    long keysOnTheNewShard = moving.size();
    if (shardOf(selector, "small-" + moving.get(0)) == 1) {
      assertThat(target.get("small-" + moving.get(0))).isEqualTo("stays small");
      keysOnTheNewShard++;
    }
    assertThat(target.dbSize()).as("no incoming name is left").isEqualTo(keysOnTheNewShard);
    assertThat(source.exists(StagedKeys.queue())).as("the queue is empty").isFalse();
    assertThat(source.dbSize() + target.dbSize()).isEqualTo(moving.size() + 1);
  }

  private static int shardOf(ShardSelector selector, String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return selector.shardOf(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
  }

  private static void slowLogFrom(RedisServer server) {
    server.command("CONFIG", "SET", "slowlog-log-slower-than", Long.toString(SLOW_MICROS));
    server.command("SLOWLOG", "RESET");
  }

  private static List<?> slowCommands(RedisServer server) {
    return (List<?>) server.command("SLOWLOG", "GET", "100");
  }
}
