package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redisproxy.operator.cluster.MixedLoad;
import io.redisproxy.operator.rollout.ProxyProcess;
import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.MirrorConfig;
import io.redisproxy.proxy.config.MirroringConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.ShardSelectors;
import io.redisproxy.testkit.DelayingRelay;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Five independent redis-servers behind two real proxies, whose group grows from three shards to
 * five and shrinks to two while clients read and write through both: each pass takes the step the
 * operator takes ({@link ShardedScaling}) from what the proxies report on their admin port, gives
 * both proxies the group it publishes by rewriting their config files, and runs a bounded step of
 * the {@link KeyMover} when the plan says so.
 */
class ShardedKeyMoveIT {
  private static final int SERVERS = 5;
  private static final int BULK_VALUE = 4096;
  private static final int STEADY_OPERATIONS = 20_000;
  private static final Duration SCALE_LIMIT =
      Duration.ofSeconds(Long.getLong("keymove.limit", 240));
  private static final KeyMover.Settings SETTINGS =
      new KeyMover.Settings(200, 1 << 20, Duration.ZERO, Duration.ofSeconds(2));

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<ProxyProcess> proxies = new ArrayList<>();
  private final List<Integer> adminPorts = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private UpstreamConfig live;
  private RedisServer otherRegion;
  private DelayingRelay distance;

  @BeforeEach
  void start() {
    for (int i = 0; i < SERVERS; i++) {
      servers.add(RedisServer.start());
    }
    live = group("main", shards(3));
    for (int p = 0; p < 2; p++) {
      ports.add(FreePorts.loopback());
      adminPorts.add(FreePorts.loopback());
      proxies.add(ProxyProcess.start(yaml(p), ports.get(p)));
    }
  }

  @AfterEach
  void stop() {
    try {
      proxies.forEach(ProxyProcess::close);
    } finally {
      servers.forEach(RedisServer::close);
      if (distance != null) {
        distance.close();
        otherRegion.close();
      }
    }
  }

  @Test
  void growingThreeToFiveAndShrinkingToTwoShardsUnderLoadLosesNoKey() {
    long megabytes = Long.getLong("keymove.megabytes", 16);
    int bulk = (int) (megabytes * 1024 * 1024 / BULK_VALUE);
    long loadStart = System.nanoTime();
    preload(bulk);
    long loaded = System.nanoTime() - loadStart;
    long loadedAt = System.nanoTime();
    KeyMover mover = new KeyMover(Duration.ofSeconds(2), null, null, SETTINGS);
    try (MixedLoad load = new MixedLoad(ports, 4)) {
      load.awaitOperations(3_000);
      long steady = System.nanoTime();
      load.awaitOperations(3_000 + STEADY_OPERATIONS);
      long growStart = System.nanoTime();
      int growPasses = scale(mover, shards(5), "grow");
      long growEnd = System.nanoTime();
      int shrinkPasses = scale(mover, shards(2), "shrink");
      long shrinkEnd = System.nanoTime();
      long settled = load.operations.get();
      load.awaitOperations(settled + STEADY_OPERATIONS);
      long end = System.nanoTime();
      load.stop();
      System.out.printf(
          "key move figures: %d MB preloaded (%d keys of %d B) in %.1f s; %d and %d passes%n%s%n",
          megabytes,
          bulk,
          BULK_VALUE,
          loaded / 1e9,
          growPasses,
          shrinkPasses,
          load.scalingFigures(steady, growStart, growEnd, shrinkEnd, end));
      assertThat(load.errors).as("errors clients saw").isEmpty();
      assertThat(load.lost).as("reads missing an acknowledged write").isEmpty();
      for (int gone = 2; gone < SERVERS; gone++) {
        assertThat(servers.get(gone).command("DBSIZE"))
            .as(servers.get(gone).address())
            .isEqualTo(0L);
      }
      assertEveryKeyOnItsOwner(load, bulk, 0, loadedAt);
    }
  }

  @Test
  void aMoverStoppedEveryFewBatchesAndARestartedProxyStillFinishTheMoveAndLoseNothing()
      throws Exception {
    preload(4_000);
    // A hash of 4 MB, larger than a batch: the mover copies it piece by piece while a client
    // increments one of its fields through a proxy.
    String large = largeKeyThatMoves(shards(3), shards(5));
    Map<String, String> fields = new HashMap<>();
    try (Jedis jedis = new Jedis("127.0.0.1", ports.get(0), 30_000)) {
      for (int i = 0; i < 60_000; i++) {
        fields.put("field-" + i, "value-" + i);
        if (fields.size() == 1_000) {
          jedis.hset(large, fields);
          fields.clear();
        }
      }
    }
    long loadedAt = System.nanoTime();
    java.util.concurrent.atomic.AtomicBoolean incrementing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong increments =
        new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.CompletableFuture<Void> incrementer =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try (Jedis jedis = new Jedis("127.0.0.1", ports.get(0), 30_000)) {
                long deadline = System.nanoTime() + SCALE_LIMIT.toNanos();
                while (incrementing.get()
                    && increments.get() < 1_000_000
                    && System.nanoTime() < deadline) {
                  jedis.hincrBy(large, "counter", 1);
                  increments.incrementAndGet();
                }
              }
            });
    // Each pass a mover of a new operator that stops after 30 ms, in the middle of a shard: the
    // operator restarted mid-move, again and again; the third one also lost the position.
    KeyMover.Settings brief =
        new KeyMover.Settings(20, 1 << 20, Duration.ZERO, Duration.ofMillis(30));
    boolean[] restarted = {false};
    try (MixedLoad load = new MixedLoad(List.of(ports.get(0)), 2)) {
      load.awaitOperations(2_000);
      int passes =
          scale(
              () -> new KeyMover(Duration.ofSeconds(2), null, null, brief),
              3,
              shards(5),
              "grow",
              () -> {
                if (!restarted[0]) {
                  restarted[0] = true;
                  proxies.get(1).close();
                  proxies.set(1, ProxyProcess.start(yaml(1), ports.get(1)));
                }
              });
      long settled = load.operations.get();
      load.awaitOperations(settled + 2_000);
      load.stop();
      incrementing.set(false);
      incrementer.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(restarted[0]).as("a proxy restarted while keys moved").isTrue();
      assertThat(passes).as("passes of a mover stopped every 30 ms").isGreaterThan(3);
      assertThat(load.errors).as("errors clients saw").isEmpty();
      assertThat(load.lost).as("reads missing an acknowledged write").isEmpty();
      Jedis owner = ownerOf(large);
      try {
        Map<String, String> moved = owner.hgetAll(large);
        assertThat(moved).hasSize(60_001);
        assertThat(moved.get("field-59999")).isEqualTo("value-59999");
        assertThat(moved.get("counter"))
            .as("acknowledged increments")
            .isEqualTo(Long.toString(increments.get()));
      } finally {
        owner.close();
      }
      assertEveryKeyOnItsOwner(load, 4_000, 1, loadedAt);
    }
  }

  @Test
  void theOtherRegionReceivesEveryWriteMadeWhileKeysMove() {
    otherRegion = RedisServer.start();
    distance = DelayingRelay.start(otherRegion.host(), otherRegion.port(), Duration.ofMillis(5));
    for (int p = 0; p < proxies.size(); p++) {
      proxies.get(p).close();
      proxies.set(p, ProxyProcess.start(yaml(p), ports.get(p)));
    }
    preload(2_000);
    long loadedAt = System.nanoTime();
    KeyMover mover = new KeyMover(Duration.ofSeconds(2), null, null, SETTINGS);
    try (MixedLoad load = new MixedLoad(ports, 2);
        Jedis remote = new Jedis(otherRegion.host(), otherRegion.port(), 10_000)) {
      load.awaitOperations(2_000);
      scale(mover, shards(5), "grow");
      scale(mover, shards(2), "shrink");
      long settled = load.operations.get();
      load.awaitOperations(settled + 2_000);
      load.stop();
      assertThat(load.errors).as("errors clients saw").isEmpty();
      assertThat(load.lost).as("reads missing an acknowledged write").isEmpty();
      assertEveryKeyOnItsOwner(load, 2_000, 0, loadedAt);
      // The mover's copies and deletes are this region's own affair: the other one receives the
      // clients' writes, each once, and nothing of the move.
      long expected =
          2_000L
              + load.strings.size()
              + load.hashes.size()
              + load.lists.size()
              + load.sortedSets.size();
      Awaitility.await()
          .alias("the other region holds every key written here")
          .atMost(Duration.ofSeconds(30))
          .until(() -> remote.dbSize() == expected);
      for (int n = 0; n < 2_000; n++) {
        assertThat(remote.get("bulk:" + n)).as("bulk:" + n).isEqualTo(bulkValue(n));
      }
      load.assertAcknowledgedWritesOn(key -> remote, loadedAt);
    }
  }

  /** Passes as the reconciler makes them until the group has {@code wanted} and no move. */
  private int scale(KeyMover mover, List<ShardConfig> wanted, String id) {
    return scale(() -> mover, 0, wanted, id, () -> {});
  }

  /**
   * Passes as the reconciler makes them until the group has {@code wanted} and no move; each runs
   * {@code moving} while keys move and a mover from {@code movers}, from where the last stopped
   * (the position kept in the status), except the {@code lostPosition}th, from the start.
   */
  private int scale(
      java.util.function.Supplier<KeyMover> movers,
      int lostPosition,
      List<ShardConfig> wanted,
      String id,
      Runnable moving) {
    long deadline = System.nanoTime() + SCALE_LIMIT.toNanos();
    KeyMover.Position position = KeyMover.Position.START;
    boolean moverDone = false;
    ShardedScaling step = null;
    int passes = 0;
    int moverPasses = 0;
    while (System.nanoTime() < deadline) {
      passes++;
      // Every server runs throughout: the plan keeps those of shards that go until no proxy
      // serves the move any more.
      step = ShardedScaling.of(live, wanted, SERVERS, true, id, this::reports, moverDone);
      if (step.waitingFor() == null) {
        return passes;
      }
      if (!step.routed().equals(live)) {
        publish(step.routed());
      } else if (step.runMover()) {
        moving.run();
        if (++moverPasses == lostPosition) {
          position = KeyMover.Position.START;
        }
        KeyMover.Progress progress = movers.get().step(live, primaries(), position);
        position = progress.position();
        moverDone = progress.done();
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    StringBuilder logs = new StringBuilder();
    for (int p = 0; p < proxies.size(); p++) {
      logs.append("\nproxy-").append(p).append(" log:\n").append(proxies.get(p).logTail(4000));
    }
    throw new AssertionError(
        "not moved to " + wanted.size() + " shards in time: " + step + "; " + reports() + logs);
  }

  /** A key that the first list places on another shard than the second. */
  private static String largeKeyThatMoves(List<ShardConfig> from, List<ShardConfig> to) {
    ShardSelector before = ShardSelectors.forUpstream(group("main", from));
    ShardSelector after = ShardSelectors.forUpstream(group("main", to));
    for (int i = 0; ; i++) {
      String key = "large:" + i;
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      ByteBuf buf = Unpooled.wrappedBuffer(bytes);
      if (before.shardOf(buf, 0, bytes.length) != after.shardOf(buf, 0, bytes.length)) {
        return key;
      }
    }
  }

  private static UpstreamConfig group(String name, List<ShardConfig> shards) {
    return new UpstreamConfig(name, null, null, null, null, null, null, shards);
  }

  private Jedis ownerOf(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int shard =
        ShardSelectors.forUpstream(live).shardOf(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    return new Jedis(servers.get(shard).host(), servers.get(shard).port(), 10_000);
  }

  private void publish(UpstreamConfig upstream) {
    live = upstream;
    for (int p = 0; p < proxies.size(); p++) {
      proxies.get(p).reconfigure(yaml(p));
    }
  }

  private List<ProxyReport> reports() {
    List<ProxyReport> reports = new ArrayList<>();
    for (int p = 0; p < proxies.size(); p++) {
      String name = "proxy-" + p;
      try {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPorts.get(p) + "/resharding"))
                .timeout(Duration.ofSeconds(2))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        reports.add(MoveReports.parse(name, response.body()));
      } catch (IOException e) {
        reports.add(new ProxyReport(name, List.of(), e.toString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return reports;
  }

  private Map<String, String> primaries() {
    Map<String, String> primaries = new HashMap<>();
    for (int i = 0; i < SERVERS; i++) {
      primaries.put("shard-" + i, servers.get(i).address());
    }
    return primaries;
  }

  private List<ShardConfig> shards(int count) {
    List<ShardConfig> shards = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shards.add(new ShardConfig("shard-" + i, servers.get(i).address(), List.of()));
    }
    return shards;
  }

  private String yaml(int proxy) {
    ProxyConfig config =
        new ProxyConfig(
            new ProxyConfig.Endpoint("127.0.0.1", ports.get(proxy)),
            new ProxyConfig.Endpoint("127.0.0.1", adminPorts.get(proxy)),
            1,
            distance == null
                ? List.of(live)
                : List.of(live, group("remote", List.of(new ShardConfig(distance.address())))),
            distance == null
                ? null
                : List.of(new RouteConfig("", "main", List.of(new MirrorConfig("remote")))),
            null,
            LimitsConfig.DEFAULTS,
            null,
            distance == null ? null : new MirroringConfig("here", null, null));
    return ConfigCodec.write(config);
  }

  private void preload(int keys) {
    try (Jedis jedis = new Jedis("127.0.0.1", ports.get(0), 30_000)) {
      Pipeline pipeline = jedis.pipelined();
      for (int n = 0; n < keys; n++) {
        pipeline.set("bulk:" + n, bulkValue(n));
        if (n % 500 == 499) {
          pipeline.sync();
        }
      }
      pipeline.sync();
    }
  }

  private static String bulkValue(int n) {
    String seed = "value-" + n + "-";
    return seed.repeat(BULK_VALUE / seed.length() + 1).substring(0, BULK_VALUE);
  }

  /**
   * Reads every key on the server the final ring gives it, as it must be: the bulk values, each
   * acknowledged write, the TTLs of strings set with one; and no server holds a key more than those
   * and {@code others}.
   */
  private void assertEveryKeyOnItsOwner(MixedLoad load, int bulk, int others, long loadedAt) {
    ShardSelector selector = ShardSelectors.forUpstream(live);
    Map<Integer, Jedis> clients = new HashMap<>();
    try {
      for (int i = 0; i < live.shards().size(); i++) {
        clients.put(i, new Jedis(servers.get(i).host(), servers.get(i).port(), 10_000));
      }
      Function<String, Jedis> on =
          key -> {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            return clients.get(selector.shardOf(buf, 0, bytes.length));
          };
      for (int n = 0; n < bulk; n++) {
        assertThat(on.apply("bulk:" + n).get("bulk:" + n)).as("bulk:" + n).isEqualTo(bulkValue(n));
      }
      long written = load.assertAcknowledgedWritesOn(on, loadedAt);
      long keys = 0;
      for (Jedis jedis : clients.values()) {
        keys += jedis.dbSize();
      }
      assertThat(keys).as("keys on the servers").isEqualTo(bulk + others + written);
    } finally {
      clients.values().forEach(Jedis::close);
    }
  }
}
