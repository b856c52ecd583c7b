package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.testkit.DelayingRelay;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hash-sharded group grows from two shards to three while clients use keys that move: requests on
 * them wait while the move holds, and once keys move each request moves its own keys first, so it
 * sees what the previous shard had.
 */
class KeyMoveIT {
  private RedisServers redis;
  private ProxyServer proxy;
  private List<ShardConfig> two;
  private List<ShardConfig> three;
  private Function<String, RedisServer> before;
  private Function<String, RedisServer> after;
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() {
    redis = RedisServers.start(3);
    two = shards(redis.get(0), redis.get(1));
    three = shards(redis.get(0), redis.get(1), redis.get(2));
    proxy = ProxyServer.start(config(upstream(two)));
    before = ProxyFixture.shardOf(config(upstream(two)), redis.list());
    after = ProxyFixture.shardOf(config(upstream(three)), redis.list());
  }

  @AfterEach
  void stop() {
    readers.shutdownNow();
    try {
      proxy.close();
    } finally {
      redis.close();
    }
  }

  @Test
  void requestOnAMovingKeyWaitsWhileTheMoveHoldsAndFindsItsValueOnceKeysMove() throws Exception {
    String moving = movingKey(0);
    String staying = stayingKey(0);
    try (RespSocket client = client()) {
      assertThat(client.command("SET", moving, "before", "EX", "1000")).isEqualTo("OK");
      assertThat(client.command("SET", staying, "here")).isEqualTo("OK");
    }
    proxy.reload(config(moving(Resharding.Phase.HOLD)));
    try (RespSocket waiting = client();
        RespSocket other = client()) {
      waiting.send("GET", moving);
      waiting.send("GET", staying);
      CompletableFuture<Object> first = CompletableFuture.supplyAsync(waiting::readReply, readers);
      assertThat(other.command("GET", staying)).as("a key that stays").isEqualTo("here");
      await().pollDelay(300, TimeUnit.MILLISECONDS).until(() -> true);
      assertThat(first).as("the request on the moving key while the move holds").isNotDone();
      assertThat(proxy.moves())
          .containsExactly(new ProxyServer.MoveReport("main", "grow", Resharding.Phase.HOLD, true));

      proxy.reload(config(moving(Resharding.Phase.MOVE)));
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("before");
      assertThat(waiting.readReply()).as("the client's next request, in order").isEqualTo("here");
    }
    assertThat(after.apply(moving).command("GET", moving)).isEqualTo("before");
    assertThat((Long) after.apply(moving).command("TTL", moving)).isBetween(990L, 1000L);
    assertThat(before.apply(moving).command("EXISTS", moving)).isEqualTo(0L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void clientBlockedOnAMovingKeyWhenTheMoveBeginsBlocksAgainOnTheNewShard() throws Exception {
    String moving = movingKey(3);
    String staying = stayingKey(3);
    try (RespSocket forEver = client();
        RespSocket withTimeout = client();
        RespSocket stays = client();
        RespSocket writer = client()) {
      forEver.send("BLPOP", moving, "0");
      forEver.send("PING");
      withTimeout.send("BRPOP", moving, "30");
      stays.send("BLPOP", staying, "0");
      CompletableFuture<Object> first = CompletableFuture.supplyAsync(forEver::readReply, readers);
      CompletableFuture<Object> second =
          CompletableFuture.supplyAsync(withTimeout::readReply, readers);
      CompletableFuture<Object> third = CompletableFuture.supplyAsync(stays::readReply, readers);
      await().atMost(5, TimeUnit.SECONDS).until(() -> blockedClients(before.apply(moving)) >= 2);

      proxy.reload(config(moving(Resharding.Phase.HOLD)));
      await()
          .atMost(5, TimeUnit.SECONDS)
          .alias("taken off the previous shard")
          .until(
              () ->
                  blockedClients(before.apply(moving))
                      == (before.apply(staying) == before.apply(moving) ? 1 : 0));
      assertThat(first).as("no timeout's nil reaches the client").isNotDone();
      assertThat(second).isNotDone();
      proxy.reload(config(moving(Resharding.Phase.MOVE)));
      await()
          .atMost(5, TimeUnit.SECONDS)
          .alias("blocked again on the new shard")
          .until(() -> blockedClients(after.apply(moving)) >= 2);

      assertThat(writer.command("RPUSH", moving, "a", "b")).isEqualTo(2L);
      assertThat((List<Object>) first.get(5, TimeUnit.SECONDS)).containsExactly(moving, "a");
      assertThat(forEver.readReply()).as("the next reply, in order").isEqualTo("PONG");
      assertThat((List<Object>) second.get(5, TimeUnit.SECONDS)).containsExactly(moving, "b");
      assertThat(third).as("a block on a key that stays is left alone").isNotDone();
      assertThat(writer.command("RPUSH", staying, "c")).isEqualTo(1L);
      assertThat((List<Object>) third.get(5, TimeUnit.SECONDS)).containsExactly(staying, "c");
    }
    assertThat(after.apply(moving).command("EXISTS", moving)).isEqualTo(0L);
    assertThat(before.apply(moving).command("EXISTS", moving)).isEqualTo(0L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void transactionOnAWatchStillRunningOnThePreviousShardKeepsItsKeysFromMoving() throws Exception {
    String moving = movingKey(5);
    try (RespSocket client = client()) {
      assertThat(client.command("WATCH", moving)).isEqualTo("OK");
      assertThat(client.command("MULTI")).isEqualTo("OK");
      assertThat(client.command("SET", moving, "in-transaction")).isEqualTo("QUEUED");
      CompletableFuture<Object> exec =
          whileWritesPauseOnThePreviousShard(moving, client, () -> client.send("EXEC"));
      assertThat((List<Object>) exec.get(5, TimeUnit.SECONDS)).containsExactly("OK");
    }
    assertMovesWithItsWrite(moving, "in-transaction");
  }

  @Test
  void writeOfATrackingClientStillRunningOnThePreviousShardKeepsItsKeyFromMoving()
      throws Exception {
    String moving = movingKey(6);
    try (RespSocket client = client()) {
      assertThat(client.command("CLIENT", "TRACKING", "on", "BCAST")).isEqualTo("OK");
      CompletableFuture<Object> set =
          whileWritesPauseOnThePreviousShard(
              moving, client, () -> client.send("SET", moving, "tracked"));
      assertThat(set.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
    }
    assertMovesWithItsWrite(moving, "tracked");
  }

  /**
   * Sends a write on {@code key} by {@code send} while its previous shard holds writes back (CLIENT
   * PAUSE WRITE, which lets PINGs through), begins the move meanwhile and checks that the proxy
   * does not report it reached before the write is answered; returns the write's reply.
   */
  private CompletableFuture<Object> whileWritesPauseOnThePreviousShard(
      String key, RespSocket client, Runnable send) {
    RedisServer previous = before.apply(key);
    assertThat(previous.command("CLIENT", "PAUSE", "1500", "WRITE")).isEqualTo("OK");
    send.run();
    CompletableFuture<Object> reply = CompletableFuture.supplyAsync(client::readReply, readers);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .alias("the write waits on its shard")
        .until(() -> blockedClients(previous) == 1);
    proxy.reload(config(moving(Resharding.Phase.HOLD)));
    await().pollDelay(500, TimeUnit.MILLISECONDS).until(() -> true);
    assertThat(reply).as("the write while its shard pauses writes").isNotDone();
    assertThat(proxy.moves())
        .as("a write sent before the move still runs on the previous shard")
        .containsExactly(new ProxyServer.MoveReport("main", "grow", Resharding.Phase.HOLD, false));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .alias("the move reached once the write is answered")
        .until(
            () ->
                reply.isDone()
                    && proxy
                        .moves()
                        .equals(
                            List.of(
                                new ProxyServer.MoveReport(
                                    "main", "grow", Resharding.Phase.HOLD, true))));
    return reply;
  }

  private void assertMovesWithItsWrite(String key, String value) {
    proxy.reload(config(moving(Resharding.Phase.MOVE)));
    try (RespSocket client = client()) {
      assertThat(client.command("GET", key)).isEqualTo(value);
    }
    assertThat(after.apply(key).command("GET", key)).isEqualTo(value);
    assertThat(before.apply(key).command("EXISTS", key)).isEqualTo(0L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void requestOnAKeyCopiedPieceByPieceWaitsUntilTheCopyTakesTheKeysName() throws Exception {
    String moving = movingKey(7);
    String outgoing = "__redisproxy:moving-out:" + moving;
    String incoming = "__redisproxy:moving-in:" + moving;
    RedisServer previous = before.apply(moving);
    RedisServer next = after.apply(moving);
    assertThat(previous.command("RPUSH", moving, "a", "b")).isEqualTo(2L);
    proxy.reload(config(moving(Resharding.Phase.HOLD)));
    proxy.reload(config(moving(Resharding.Phase.MOVE)));
    // What the mover does with a large key: renamed on its shard, copied piece by piece.
    assertThat(previous.command("RENAME", moving, outgoing)).isEqualTo("OK");
    assertThat(next.command("RPUSH", incoming, "a")).isEqualTo(1L);
    try (RespSocket client = client()) {
      client.send("RPUSH", moving, "c");
      client.send("LRANGE", moving, "0", "-1");
      CompletableFuture<Object> push = CompletableFuture.supplyAsync(client::readReply, readers);
      await().pollDelay(300, TimeUnit.MILLISECONDS).until(() -> true);
      assertThat(push).as("a write on a key being copied").isNotDone();

      assertThat(next.command("RPUSH", incoming, "b")).isEqualTo(2L);
      assertThat(next.command("RENAME", incoming, moving)).isEqualTo("OK");
      assertThat(previous.command("DEL", outgoing)).isEqualTo(1L);
      assertThat(push.get(5, TimeUnit.SECONDS)).isEqualTo(3L);
      assertThat((List<Object>) client.readReply()).containsExactly("a", "b", "c");
    }
    assertThat(previous.command("EXISTS", moving)).isEqualTo(0L);
  }

  @Test
  void requestOnALargeKeyHandsItToTheMoverAndWaitsForItsCopy() throws Exception {
    String large = movingKey(8);
    String small = movingKey(9);
    String outgoing = "__redisproxy:moving-out:" + large;
    RedisServer previous = before.apply(large);
    RedisServer next = after.apply(large);
    String[] push = new String[2_002];
    push[0] = "RPUSH";
    push[1] = large;
    for (int i = 2; i < push.length; i++) {
      push[i] = "element-" + i + "-" + "x".repeat(1_000);
    }
    assertThat(previous.command(push)).isEqualTo(2_000L);
    assertThat(before.apply(small).command("SET", small, "small")).isEqualTo("OK");
    proxy.reload(config(moving(Resharding.Phase.HOLD)));
    proxy.reload(config(moving(Resharding.Phase.MOVE)));
    try (RespSocket client = client()) {
      assertThat(client.command("GET", small)).as("a small key moves at once").isEqualTo("small");
      client.send("LLEN", large);
      CompletableFuture<Object> length = CompletableFuture.supplyAsync(client::readReply, readers);
      await()
          .atMost(5, TimeUnit.SECONDS)
          .alias("renamed for the mover")
          .until(() -> previous.command("EXISTS", outgoing).equals(1L));
      assertThat(previous.command("SMEMBERS", "__redisproxy:moving-queue"))
          .isEqualTo(List.of(large));
      assertThat(previous.command("EXISTS", large)).isEqualTo(0L);
      await().pollDelay(300, TimeUnit.MILLISECONDS).until(() -> true);
      assertThat(length).as("a request on a key the mover copies").isNotDone();

      // The mover's copy, in one go here: complete under the key's name on the new shard before
      // the outgoing name goes.
      assertThat(
              previous.command(
                  "MIGRATE",
                  next.host(),
                  String.valueOf(next.port()),
                  outgoing,
                  "0",
                  "5000",
                  "COPY"))
          .isEqualTo("OK");
      assertThat(next.command("RENAME", outgoing, large)).isEqualTo("OK");
      assertThat(length).isNotDone();
      assertThat(previous.command("DEL", outgoing)).isEqualTo(1L);
      assertThat(length.get(5, TimeUnit.SECONDS)).isEqualTo(2_000L);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesAndMultiKeyRequestsMoveTheirKeysFirst() {
    List<String> keys = new ArrayList<>();
    try (RespSocket client = client()) {
      for (int i = 0; i < 40; i++) {
        String key = "counter:" + i;
        keys.add(key);
        assertThat(client.command("SET", key, "10")).isEqualTo("OK");
      }
      assertThat(keys.stream().filter(this::moves)).as("keys that move").isNotEmpty();
      proxy.reload(config(moving(Resharding.Phase.HOLD)));
      proxy.reload(config(moving(Resharding.Phase.MOVE)));
      for (String key : keys) {
        assertThat(client.command("INCR", key)).as(key).isEqualTo(11L);
      }
      List<String> mget = new ArrayList<>(List.of("MGET"));
      mget.addAll(keys);
      assertThat((List<Object>) client.command(mget.toArray(String[]::new)))
          .containsOnly("11")
          .hasSize(keys.size());
    }
    for (String key : keys) {
      assertThat(after.apply(key).command("GET", key)).as(key).isEqualTo("11");
      if (moves(key)) {
        assertThat(before.apply(key).command("EXISTS", key)).as(key).isEqualTo(0L);
      }
    }
  }

  @Test
  void copyLeftBehindOnThePreviousShardGivesWayToTheNewShards() {
    String moving = movingKey(1);
    assertThat(before.apply(moving).command("SET", moving, "stale")).isEqualTo("OK");
    assertThat(after.apply(moving).command("SET", moving, "current")).isEqualTo("OK");
    proxy.reload(config(moving(Resharding.Phase.HOLD)));
    proxy.reload(config(moving(Resharding.Phase.MOVE)));
    try (RespSocket client = client()) {
      assertThat(client.command("GET", moving)).isEqualTo("current");
    }
    assertThat(before.apply(moving).command("EXISTS", moving)).isEqualTo(0L);
  }

  @Test
  void keyThatCannotMoveIsRefusedWithTryAgainAndStaysWhereItWas() {
    String moving = movingKey(2);
    try (RespSocket client = client()) {
      assertThat(client.command("SET", moving, "kept")).isEqualTo("OK");
      proxy.reload(config(moving(Resharding.Phase.HOLD)));
      proxy.reload(config(moving(Resharding.Phase.MOVE)));
      after.apply(moving).stop();
      client.send("GET", moving);
      Object reply = client.readReply();
      assertThat(reply).isInstanceOf(RedisErrorReply.class);
      assertThat(((RedisErrorReply) reply).getMessage())
          .startsWith("TRYAGAIN moving keys from main/" + before.apply(moving).address());
      assertThat(client.command("PING")).isEqualTo("PONG");
    }
    assertThat(before.apply(moving).command("GET", moving)).isEqualTo("kept");
  }

  @Test
  void transactionQueuedBeforeTheMoveRunsWhereItsKeysAreNow() {
    String moving = movingKey(3);
    try (RespSocket client = client()) {
      assertThat(client.command("SET", moving, "1")).isEqualTo("OK");
      assertThat(client.command("MULTI")).isEqualTo("OK");
      assertThat(client.command("INCR", moving)).isEqualTo("QUEUED");
      proxy.reload(config(moving(Resharding.Phase.HOLD)));
      proxy.reload(config(moving(Resharding.Phase.MOVE)));
      assertThat(client.command("EXEC")).isEqualTo(List.of(2L));
    }
    assertThat(after.apply(moving).command("GET", moving)).isEqualTo("2");
    assertThat(before.apply(moving).command("EXISTS", moving)).isEqualTo(0L);
  }

  @Test
  void watchedKeyThatMovedAbortsTheTransactionAsAChangedOneDoes() {
    String moving = movingKey(4);
    try (RespSocket client = client()) {
      assertThat(client.command("SET", moving, "1")).isEqualTo("OK");
      assertThat(client.command("WATCH", moving)).isEqualTo("OK");
      proxy.reload(config(moving(Resharding.Phase.HOLD)));
      proxy.reload(config(moving(Resharding.Phase.MOVE)));
      assertThat(client.command("MULTI")).isEqualTo("OK");
      assertThat(client.command("SET", moving, "2")).isEqualTo("QUEUED");
      assertThat(client.command("EXEC")).isNull();
      assertThat(client.command("GET", moving)).isEqualTo("1");
    }
    assertThat(before.apply(moving).command("EXISTS", moving)).isEqualTo(0L);
  }

  @Test
  void readOfAKeyJustMovedGoesToThePrimaryWhileItsReplicaCatchesUp() {
    String moving = movingKey(5);
    RedisServer newShard = after.apply(moving);
    try (DelayingRelay slowLink =
            DelayingRelay.start("127.0.0.1", newShard.port(), Duration.ofMillis(500));
        RedisServer replica = RedisServer.start()) {
      assertThat(replica.command("REPLICAOF", slowLink.host(), String.valueOf(slowLink.port())))
          .isEqualTo("OK");
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> "up".equals(replica.info("replication").get("master_link_status")));
      List<ShardConfig> withReplica = new ArrayList<>();
      for (ShardConfig shard : three) {
        withReplica.add(
            shard.primary().equals(newShard.address())
                ? new ShardConfig(shard.name(), shard.primary(), List.of(replica.address()))
                : shard);
      }
      proxy.close();
      proxy = ProxyServer.start(config(upstream(two, ReadPolicy.PREFER_REPLICA)));
      try (RespSocket client = client()) {
        assertThat(client.command("SET", moving, "moved")).isEqualTo("OK");
        proxy.reload(
            config(
                upstream(withReplica, ReadPolicy.PREFER_REPLICA)
                    .withResharding(new Resharding("grow", Resharding.Phase.HOLD, two))));
        proxy.reload(
            config(
                upstream(withReplica, ReadPolicy.PREFER_REPLICA)
                    .withResharding(new Resharding("grow", Resharding.Phase.MOVE, two))));
        // Past the replica's first health poll, which finds its link up.
        await().pollDelay(1500, TimeUnit.MILLISECONDS).until(() -> true);
        assertThat(client.command("GET", moving)).isEqualTo("moved");
      }
      assertThat(replica.command("GET", moving)).as("the replica, a moment later").isNull();
    }
  }

  /** How many clients block on {@code server}, by its own count. */
  private static long blockedClients(RedisServer server) {
    String info = (String) server.command("INFO", "clients");
    return info.lines()
        .filter(line -> line.startsWith("blocked_clients:"))
        .mapToLong(line -> Long.parseLong(line.substring("blocked_clients:".length()).trim()))
        .findFirst()
        .orElseThrow();
  }

  private boolean moves(String key) {
    return before.apply(key) != after.apply(key);
  }

  /** The {@code n}th key that the third shard takes over. */
  private String movingKey(int n) {
    return key(n, true);
  }

  private String stayingKey(int n) {
    return key(n, false);
  }

  private String key(int n, boolean moving) {
    int found = 0;
    for (int i = 0; ; i++) {
      String key = "key:" + i;
      if (moves(key) == moving && found++ == n) {
        return key;
      }
    }
  }

  private UpstreamConfig moving(Resharding.Phase phase) {
    return upstream(three).withResharding(new Resharding("grow", phase, two));
  }

  private static UpstreamConfig upstream(List<ShardConfig> shards) {
    return ProxyFixture.upstream("main", List.of()).withShards(shards);
  }

  private static UpstreamConfig upstream(List<ShardConfig> shards, ReadPolicy readPolicy) {
    return new UpstreamConfig("main", null, null, null, readPolicy, null, null, shards);
  }

  private static List<ShardConfig> shards(RedisServer... servers) {
    List<ShardConfig> shards = new ArrayList<>();
    for (RedisServer server : servers) {
      shards.add(new ShardConfig(server.address()));
    }
    return shards;
  }

  private static ProxyConfig config(UpstreamConfig upstream) {
    return ProxyFixture.config(upstream);
  }

  private RespSocket client() {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }
}
