package io.redisproxy.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.cluster.ClusterPlan.View;
import io.redisproxy.operator.rollout.ProxyProcess;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real Redis Cluster of five shards' servers (a primary and a replica each), three of them formed
 * at first, scaled as the operator scales it: each pass a formation step for the shards kept and,
 * once formed, a bounded step of the slot mover, while clients read and write through a real proxy.
 * The servers of the shards that go are stopped at the end, as their StatefulSets are deleted.
 */
class SlotMoverIT {
  private static final int SHARDS = 5;
  private static final int PODS = 2;
  private static final int BULK_VALUE = 4096;

  /** How many operations the figures before and after the moves are taken over. */
  private static final int STEADY_OPERATIONS = 20_000;

  private static final Duration SCALE_LIMIT =
      Duration.ofSeconds(Long.getLong("slotmove.limit", 240));
  private static final RedisServer.Options NODE =
      RedisServer.Options.defaults()
          .withDirectives(
              "cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout 2000");
  private static final SlotMover.Settings SETTINGS =
      new SlotMover.Settings(100, Duration.ZERO, Duration.ofSeconds(2));

  private final List<List<RedisServer>> servers = new ArrayList<>();
  private final ClusterFormation formation = new ClusterFormation(Duration.ofSeconds(1));
  private ProxyProcess proxy;

  @BeforeEach
  void start() {
    for (int shard = 0; shard < SHARDS; shard++) {
      List<RedisServer> pods = new ArrayList<>();
      for (int ordinal = 0; ordinal < PODS; ordinal++) {
        pods.add(RedisServer.start(NODE));
      }
      servers.add(pods);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ClusterPlan plan = formation.step(addresses(3));
    while (!plan.formed() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      plan = formation.step(addresses(3));
    }
    assertThat(plan.formed()).as(plan.waitingFor()).isTrue();
  }

  @AfterEach
  void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      servers.stream().flatMap(List::stream).forEach(RedisServer::close);
    }
  }

  private List<List<String>> addresses(int shards) {
    return servers.subList(0, shards).stream()
        .map(pods -> pods.stream().map(RedisServer::address).toList())
        .toList();
  }

  private void startProxy(int shards) {
    int port = FreePorts.loopback();
    proxy =
        ProxyProcess.start(
            String.join(
                "\n",
                "listen: {host: 127.0.0.1, port: " + port + "}",
                "admin: {host: 127.0.0.1, port: " + FreePorts.loopback() + "}",
                "ioThreads: 1",
                "upstreams:",
                "  - name: main",
                "    cluster:",
                "      seeds: ["
                    + String.join(", ", addresses(shards).stream().flatMap(List::stream).toList())
                    + "]",
                ""),
            port);
  }

  /** Passes as the reconciler makes them until the mover is done; how many passes it took. */
  private int scale(SlotMover mover, int from, int to) {
    int present = Math.max(from, to);
    long deadline = System.nanoTime() + SCALE_LIMIT.toNanos();
    int passes = 0;
    SlotMover.Progress progress = null;
    ClusterPlan plan = null;
    while (System.nanoTime() < deadline) {
      passes++;
      plan = formation.step(addresses(to));
      if (plan.formed()) {
        progress = mover.step(addresses(present), to);
        if (progress.done()) {
          return passes;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new AssertionError(
        "not scaled from "
            + from
            + " to "
            + to
            + " in "
            + SCALE_LIMIT
            + ": "
            + plan
            + ", "
            + progress);
  }

  @Test
  void scalingThreeToFiveToTwoShardsUnderLoadLosesNoKeyAndSpreadsTheSlotsEvenly() {
    long megabytes = Long.getLong("slotmove.megabytes", 16);
    int bulk = (int) (megabytes * 1024 * 1024 / BULK_VALUE);
    startProxy(3);
    long loaded = preload(bulk);
    long loadedAt = System.nanoTime();
    try (MixedLoad load = new MixedLoad(proxy.port(), 4)) {
      load.awaitOperations(3_000);
      long steady = System.nanoTime();
      load.awaitOperations(3_000 + STEADY_OPERATIONS);
      long growStart = System.nanoTime();
      SlotMover mover = new SlotMover(Duration.ofSeconds(2), null, null, SETTINGS);
      int growPasses = scale(mover, 3, 5);
      long growEnd = System.nanoTime();
      assertEvenlySpread(5);
      int shrinkPasses = scale(mover, 5, 2);
      long shrinkEnd = System.nanoTime();
      for (int shard = 2; shard < SHARDS; shard++) {
        for (RedisServer server : servers.get(shard)) {
          assertThat(server.command("DBSIZE")).as(server.address()).isEqualTo(0L);
          assertThat(knownTo(servers.get(0).get(0))).doesNotContain(id(server));
        }
      }
      long settled = load.operations.get();
      load.awaitOperations(settled + STEADY_OPERATIONS);
      long end = System.nanoTime();
      load.stop();
      System.out.printf(
          "slot move figures: %d MB preloaded (%d keys of %d B) in %.1f s; %d and %d passes%n%s%n",
          megabytes,
          bulk,
          BULK_VALUE,
          loaded / 1e9,
          growPasses,
          shrinkPasses,
          load.scalingFigures(steady, growStart, growEnd, shrinkEnd, end));
      assertThat(load.errors).as("errors clients saw").isEmpty();
      assertThat(load.lost).as("reads missing an acknowledged write").isEmpty();
      for (int shard = 2; shard < SHARDS; shard++) {
        servers.get(shard).forEach(RedisServer::close);
      }
      assertEvenlySpread(2);
      assertEveryKeyOnItsOwner(load, bulk, loadedAt);
    }
  }

  /**
   * Reads every key on the server that holds its slot, as it must be: the bulk values, each
   * acknowledged write, the TTLs of strings set with one within what passed since; and no server
   * holds a key more.
   */
  private void assertEveryKeyOnItsOwner(MixedLoad load, int bulk, long loadedAt) {
    Map<Integer, RedisServer> owners = owners(2);
    Map<RedisServer, Jedis> clients = new HashMap<>();
    try {
      for (RedisServer server : Set.copyOf(owners.values())) {
        clients.put(server, new Jedis(server.host(), server.port(), 10_000));
      }
      java.util.function.Function<String, Jedis> on =
          key -> clients.get(owners.get(JedisClusterCRC16.getSlot(key)));
      for (int n = 0; n < bulk; n++) {
        assertThat(on.apply("bulk:" + n).get("bulk:" + n)).as("bulk:" + n).isEqualTo(bulkValue(n));
      }
      long written = load.assertAcknowledgedWritesOn(on, loadedAt);
      long keys = 0;
      for (Jedis jedis : clients.values()) {
        keys += jedis.dbSize();
      }
      assertThat(keys).as("keys on the servers").isEqualTo(bulk + written);
    } finally {
      clients.values().forEach(Jedis::close);
    }
  }

  @Test
  void aMoveStoppedWithASlotOpenIsFinishedByTheNextMoverAndLosesNothing() {
    startProxy(3);
    List<String> keys = keysInFirstSlotToMove(2_000);
    // 200 batches with a 10 ms pause after each cannot finish the slot in 300 ms, however fast
    // the machine: the mover stops with the slot open.
    SlotMover stopped =
        new SlotMover(
            Duration.ofSeconds(2),
            null,
            null,
            new SlotMover.Settings(10, Duration.ofMillis(10), Duration.ofMillis(300)));
    openFirstSlot(stopped);
    assertOpenAndEveryKeyServed(keys);

    // A new operator, as after a restart: it knows only what the servers show.
    scale(new SlotMover(Duration.ofSeconds(2), null, null, SETTINGS), 3, 4);

    assertEvenlySpread(4);
    assertKeysOn(primaryServer(3), keys);
  }

  @Test
  void aMoveWhoseSourceWasLostIsFinishedFromTheReplicaThatTookOver() {
    startProxy(3);
    List<String> keys = keysInFirstSlotToMove(2_000);
    openFirstSlot(
        new SlotMover(
            Duration.ofSeconds(2),
            null,
            null,
            new SlotMover.Settings(10, Duration.ofMillis(10), Duration.ofMillis(300))));
    RedisServer source = primaryServer(0);
    assertThat(source.command("WAIT", "1", "5000")).isEqualTo(1L);
    // The pod is lost: its replica takes over, and the pod comes back empty (no volume) under a
    // new node id.
    int port = source.port();
    source.close();
    RedisServer replica = servers.get(0).get(1 - servers.get(0).indexOf(source));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(self(replica).primary() && self(replica).holdsSlots())) {
      assertThat(System.nanoTime()).as("the replica took over in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    servers.get(0).set(servers.get(0).indexOf(source), RedisServer.start(NODE.withPort(port)));

    scale(new SlotMover(Duration.ofSeconds(2), null, null, SETTINGS), 3, 4);

    assertEvenlySpread(4);
    assertKeysOn(primaryServer(3), keys);
  }

  /** {@code count} keys, written through the proxy, in the slot a fourth shard is given first. */
  private List<String> keysInFirstSlotToMove(int count) {
    int slot = SlotMovePlan.share(0, 3) - 1;
    int tag = 0;
    while (JedisClusterCRC16.getSlot("{t" + tag + "}") != slot) {
      tag++;
    }
    List<String> keys = new ArrayList<>();
    try (Jedis jedis = new Jedis("127.0.0.1", proxy.port(), 10_000)) {
      Pipeline pipeline = jedis.pipelined();
      for (int n = 0; n < count; n++) {
        String key = "{t" + tag + "}:" + n;
        keys.add(key);
        pipeline.set(key, "v" + n);
      }
      pipeline.sync();
    }
    return keys;
  }

  /** Forms the fourth shard and runs {@code mover} once, which stops with the slot open. */
  private void openFirstSlot(SlotMover mover) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!formation.step(addresses(4)).formed()) {
      assertThat(System.nanoTime()).as("four shards formed in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    SlotMover.Progress progress = mover.step(addresses(4), 4);
    assertThat(progress.done()).isFalse();
    assertThat(progress.slotsMoved()).isZero();
  }

  /** The slot shows open on both ends, and the proxy finds every key on one end or the other. */
  private void assertOpenAndEveryKeyServed(List<String> keys) {
    int slot = SlotMovePlan.share(0, 3) - 1;
    assertThat(self(primaryServer(0)).migrating()).containsEntry(slot, id(primaryServer(3)));
    assertThat(self(primaryServer(3)).importing()).containsEntry(slot, id(primaryServer(0)));
    assertThat(primaryServer(3).command("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot)))
        .isNotEqualTo(0L);
    try (Jedis jedis = new Jedis("127.0.0.1", proxy.port(), 10_000)) {
      for (int n = 0; n < keys.size(); n++) {
        assertThat(jedis.get(keys.get(n))).as(keys.get(n)).isEqualTo("v" + n);
      }
    }
  }

  private static void assertKeysOn(RedisServer server, List<String> keys) {
    try (Jedis jedis = new Jedis(server.host(), server.port(), 10_000)) {
      for (int n = 0; n < keys.size(); n++) {
        assertThat(jedis.get(keys.get(n))).as(keys.get(n)).isEqualTo("v" + n);
      }
      assertThat(jedis.dbSize()).isEqualTo(keys.size());
    }
  }

  private RedisServer primaryServer(int shard) {
    return servers.get(shard).stream()
        .filter(server -> self(server).primary())
        .findFirst()
        .orElseThrow();
  }

  /** Writes {@code count} keys of {@code BULK_VALUE} bytes through the proxy; how long it took. */
  private long preload(int count) {
    long start = System.nanoTime();
    try (Jedis jedis = new Jedis("127.0.0.1", proxy.port(), 10_000)) {
      for (int from = 0; from < count; from += 1000) {
        Pipeline pipeline = jedis.pipelined();
        for (int n = from; n < Math.min(count, from + 1000); n++) {
          pipeline.set("bulk:" + n, bulkValue(n));
        }
        pipeline.sync();
      }
    }
    return System.nanoTime() - start;
  }

  private static String bulkValue(int n) {
    String unit = n + ";";
    return unit.repeat(BULK_VALUE / unit.length() + 1).substring(0, BULK_VALUE);
  }

  /** Each of the first {@code shards} shards' primary holds its share of the slots. */
  private void assertEvenlySpread(int shards) {
    for (int shard = 0; shard < shards; shard++) {
      ClusterNode primary = primaryOf(shard);
      assertThat(primary.slotCount()).isEqualTo(SlotMovePlan.share(shard, shards));
      assertThat(primary.migrating()).isEmpty();
      assertThat(primary.importing()).isEmpty();
    }
  }

  private ClusterNode primaryOf(int shard) {
    return servers.get(shard).stream()
        .map(SlotMoverIT::self)
        .filter(node -> node.primary())
        .findFirst()
        .orElseThrow();
  }

  private static ClusterNode self(RedisServer server) {
    return View.parse((String) server.command("CLUSTER", "NODES"), "", "").myself();
  }

  private static String id(RedisServer server) {
    return self(server).id();
  }

  private static Set<String> knownTo(RedisServer server) {
    return Set.copyOf(
        View.parse((String) server.command("CLUSTER", "NODES"), "", "").nodes().stream()
            .map(ClusterNode::id)
            .toList());
  }

  /** The server of the first {@code shards} shards that holds each slot. */
  private Map<Integer, RedisServer> owners(int shards) {
    Map<Integer, RedisServer> owners = new HashMap<>();
    for (int shard = 0; shard < shards; shard++) {
      for (RedisServer server : servers.get(shard)) {
        ClusterNode node = self(server);
        if (node.primary()) {
          for (int[] range : node.slots()) {
            for (int slot = range[0]; slot <= range[1]; slot++) {
              owners.put(slot, server);
            }
          }
        }
      }
    }
    assertThat(owners).hasSize(ClusterPlan.SLOTS);
    return owners;
  }
}
