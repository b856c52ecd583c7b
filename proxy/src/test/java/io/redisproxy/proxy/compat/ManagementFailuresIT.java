package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shard that dies, or comes back empty, between loading a script or function and using it, or
 * while a setting changes: the client sees what one redis-server would, or an error that names the
 * shard, never a hang.
 */
class ManagementFailuresIT {
  private static final String SCRIPT = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

  private SideBySide sides;
  private List<String> keys;

  @BeforeEach
  void start() {
    sides = SideBySide.start();
    keys = ScriptingIT.keysOnEveryShard(sides);
  }

  @AfterEach
  void stop() {
    sides.close();
  }

  @Test
  void evalshaWorksOnAShardRestartedEmptyAfterScriptLoad() {
    String sha = ScriptingIT.sha1(SCRIPT);
    RedisServer restarted = sides.proxy().shardOf(keys.get(1));
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SCRIPT", "LOAD", SCRIPT));
      restarted.restart();
      assertThat(restarted.command("SCRIPT", "EXISTS", sha)).isEqualTo(List.of(0L));
      awaitServing(pair, keys.get(1));
      for (String key : keys) {
        pair.assertSame(List.of("EVALSHA", sha, "1", key, "4"));
      }
      pair.assertSame(List.of("SCRIPT", "EXISTS", sha));
      assertThat(restarted.command("SCRIPT", "EXISTS", sha)).isEqualTo(List.of(1L));
    }
  }

  @Test
  void evalshaWorksOnceAKilledShardIsBack() {
    String sha = ScriptingIT.sha1(SCRIPT);
    RedisServer killed = sides.proxy().shardOf(keys.get(2));
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SCRIPT", "LOAD", SCRIPT));
      killed.kill();
      assertThat(
              SideBySide.text(
                  pair.viaProxy().command(List.of("EVALSHA", sha, "1", keys.get(2), "1"))))
          .startsWith("-ERR upstream main/" + killed.address() + " unavailable");
      killed.restart();
      awaitServing(pair, keys.get(2));
      pair.assertSame(List.of("EVALSHA", sha, "1", keys.get(2), "1"));
      pair.assertSame(List.of("GET", keys.get(2)));
    }
  }

  @Test
  void functionLoadWithAShardDownNamesItAndLeavesTheOthersLoaded() {
    RedisServer down = sides.proxy().shardOf(keys.get(0));
    try (SideBySide.Pair pair = sides.connect()) {
      down.kill();
      long started = System.nanoTime();
      String failed = pair.replies(List.of("FUNCTION", "LOAD", ScriptingIT.LIBRARY))[0];
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(failed)
          .startsWith("-ERR upstream main/" + down.address() + " unavailable: ")
          .endsWith(" (2 of 3 shards ran it)\r\n");
      pair.assertSame(List.of("FCALL", "bump", "1", keys.get(1), "1"));

      down.restart();
      awaitServing(pair, keys.get(0));
      RedisServer firstLoaded =
          sides.proxy().redis().list().stream().filter(s -> s != down).findFirst().orElseThrow();
      assertThat(pair.replies(List.of("FUNCTION", "LOAD", ScriptingIT.LIBRARY))[0])
          .isEqualTo(
              "-ERR Library 'counters' already exists (on main/"
                  + firstLoaded.address()
                  + "; 1 of 3 shards ran it)\r\n");
      pair.assertSame(List.of("FUNCTION", "LOAD", "REPLACE", ScriptingIT.LIBRARY));
      for (String key : keys) {
        pair.assertSame(List.of("FCALL", "bump", "1", key, "2"));
      }
    }
  }

  @Test
  void configSetWithAShardDownNamesIt() {
    RedisServer down = sides.proxy().shardOf(keys.get(2));
    try (SideBySide.Pair pair = sides.connect()) {
      down.kill();
      assertThat(pair.replies(List.of("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"))[0])
          .startsWith("-ERR upstream main/" + down.address() + " unavailable: ")
          .endsWith(" (2 of 3 shards ran it)\r\n");
      down.restart();
      awaitServing(pair, keys.get(2));
      pair.assertSame(List.of("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"));
      for (RedisServer shard : sides.proxy().redis()) {
        assertThat(shard.command("CONFIG", "GET", "maxmemory-policy"))
            .isEqualTo(List.of("maxmemory-policy", "allkeys-lru"));
      }
    }
  }

  /** Until the proxy has reconnected to the key's shard. */
  private static void awaitServing(SideBySide.Pair pair, String key) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !pair.replies(List.of("EXISTS", key))[0].startsWith("-"));
  }
}
