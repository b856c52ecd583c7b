package io.redisproxy.proxy.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.AdminHttp;
import io.redisproxy.proxy.ProxyApp;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.SentinelConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.sentinel.AcknowledgedWrites.Write;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.ShardSelectors;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisSentinels;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three shards of a primary and a replica under three real sentinels, behind the proxy: primaries
 * and sentinels are killed under a write load, and every write the proxy acknowledged is counted
 * afterwards on the servers that hold it.
 */
class SentinelFailoverIT {
  private static final List<String> SHARDS = List.of("s0", "s1", "s2");
  private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(20);
  // A sentinel demotes a returning primary only after it has reported its role, and been up, for
  // 8 s while the new primary looks sane; on a loaded machine either can briefly miss the 1 s
  // down-after (restarting those 8 s), and a stalled sentinel pauses itself (TILT) for 30 s.
  private static final Duration DEMOTION_LIMIT = Duration.ofSeconds(60);

  private final List<RedisServer> primaries = new ArrayList<>();
  private final List<RedisServer> replicas = new ArrayList<>();
  private RedisSentinels sentinels;
  private ProxyApp app;
  private ProxyServer proxy;
  private ShardSelector selector;

  @BeforeEach
  void start() {
    Map<String, RedisServer> monitored = new LinkedHashMap<>();
    for (String shard : SHARDS) {
      RedisServer primary = RedisServer.start();
      primaries.add(primary);
      replicas.add(RedisServer.startReplicaOf(primary));
      monitored.put(shard, primary);
    }
    sentinels = RedisSentinels.start(3, monitored, 1, RedisSentinels.Timing.fast(2));
    ProxyConfig config = config(sentinels.addresses());
    selector = ShardSelectors.forUpstream(config.upstreams().get(0));
    app = ProxyApp.start(config);
    proxy = app.server();
  }

  @AfterEach
  void stop() {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      if (sentinels != null) {
        sentinels.close();
      }
      primaries.forEach(RedisServer::close);
      replicas.forEach(RedisServer::close);
    }
  }

  @Test
  void primaryKilledUnderLoadFailsOnlyItsShardBrieflyAndLosesNoAcknowledgedWrite() {
    int victim = 1;
    long killedAt;
    String degradedDuringOutage;
    List<Write> writes;
    Map<String, String> acknowledged;
    try (AcknowledgedWrites load =
        AcknowledgedWrites.start(proxy.port(), 4, 50_000, Duration.ofSeconds(60))) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> load.acknowledged().size() >= 1000);
      killedAt = System.nanoTime();
      primaries.get(victim).kill();
      // The other shards still serve: the proxy stays in service and says what fails.
      degradedDuringOutage =
          await()
              .atMost(FAILOVER_LIMIT)
              .until(() -> readyz(), body -> body.startsWith("ready; degraded"));
      await()
          .atMost(FAILOVER_LIMIT)
          .until(
              () ->
                  load.writes().stream()
                      .anyMatch(
                          w ->
                              w.error() == null
                                  && w.answeredNanos() > killedAt
                                  && shardOf(w.key()) == victim
                                  && failedBefore(load.writes(), w)));
      int before = load.acknowledged().size();
      await().atMost(10, TimeUnit.SECONDS).until(() -> load.acknowledged().size() >= before + 500);
      writes = load.writes();
      acknowledged = load.acknowledged();
    }
    assertThat(sentinels.primaryOf(SHARDS.get(victim))).isEqualTo(replicas.get(victim).address());
    assertThat(degradedDuringOutage)
        .as("/readyz while the shard's primary was dead")
        .startsWith("ready; degraded: upstream main/" + primaries.get(victim).address());
    long windowMillis = writeOutageMillis(writes, victim, killedAt);
    System.out.printf(
        "sentinel failover: writes to the killed primary's shard failed for %d ms;"
            + " %d writes acknowledged%n",
        windowMillis, acknowledged.size());
    assertThat(windowMillis).isLessThan(10_000);
    assertThat(writes)
        .filteredOn(w -> shardOf(w.key()) != victim)
        .allSatisfy(w -> assertThat(w.error()).isNull());
    assertThat(writes)
        .filteredOn(w -> shardOf(w.key()) == victim && w.error() != null)
        .allSatisfy(w -> assertThat(w.error()).contains(primaries.get(victim).address()));
    assertEveryAcknowledgedWriteIsThere(acknowledged);
  }

  @Test
  void formerPrimaryRestartedEmptyComesBackAsAReplicaAndNothingIsLost() {
    int victim = 0;
    Map<String, String> acknowledged;
    try (AcknowledgedWrites load =
        AcknowledgedWrites.start(proxy.port(), 2, 50_000, Duration.ofSeconds(120))) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> load.acknowledged().size() >= 500);
      primaries.get(victim).kill();
      awaitPrimary(victim, replicas.get(victim));
      // It starts from its own config, as a primary without data: the sentinels must demote it
      // before anyone writes there, and it must take the promoted replica's data.
      primaries.get(victim).restart();
      await()
          .atMost(DEMOTION_LIMIT)
          .until(
              () -> {
                Map<String, String> info = primaries.get(victim).info("replication");
                return "slave".equals(info.get("role"))
                    && "up".equals(info.get("master_link_status"));
              });
      int before = load.acknowledged().size();
      await().atMost(10, TimeUnit.SECONDS).until(() -> load.acknowledged().size() >= before + 500);
      acknowledged = load.acknowledged();
    }
    assertEveryAcknowledgedWriteIsThere(acknowledged);
    // The former primary copied the promoted replica: it holds every write acknowledged on its
    // shard (and may hold writes that timed out at the proxy but were applied, as the replica
    // does).
    RedisServer former = primaries.get(victim);
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> dbsize(former) == dbsize(replicas.get(victim)));
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> write : acknowledged.entrySet()) {
      if (shardOf(write.getKey()) == victim
          && !write.getValue().equals(former.command("GET", write.getKey()))) {
        missing.add(write.getKey());
      }
    }
    assertThat(missing).as("acknowledged writes missing on the former primary").isEmpty();
  }

  @Test
  void failoverStillHappensWithOneOfThreeSentinelsDown() {
    int victim = 2;
    sentinels.get(0).kill();
    primaries.get(victim).kill();
    awaitPrimary(victim, replicas.get(victim));
    String key = keyOn(victim);
    await()
        .atMost(FAILOVER_LIMIT)
        .untilAsserted(
            () -> {
              try (RespSocket client = client()) {
                assertThat(client.command("SET", key, "after")).isEqualTo("OK");
              }
            });
    assertThat(replicas.get(victim).command("GET", key)).isEqualTo("after");
    // The proxy counted the one switch it followed, on that shard only.
    assertThat(AdminHttp.get(app.adminPort(), "/metrics").body())
        .contains(switches("s2") + " 1.0")
        .contains(switches("s0") + " 0.0")
        .contains(switches("s1") + " 0.0");
  }

  private static String switches(String shard) {
    return "redisproxy_sentinel_primary_switches_total{shard=\"" + shard + "\",upstream=\"main\"}";
  }

  @Test
  void withoutAMajorityOfSentinelsNoFailoverHappensAndOnlyThatShardFails() {
    int victim = 0;
    sentinels.get(0).kill();
    sentinels.get(1).kill();
    primaries.get(victim).kill();
    String survivor = primaries.get(victim).address();
    // Down after one second, elected within a few more: well past that, still no failover.
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(8))
        .until(() -> sentinels.primaryOf(SHARDS.get(victim)).equals(survivor));
    try (RespSocket client = client()) {
      String error = errorOf(client, "SET", keyOn(victim), "x");
      assertThat(error).contains("main/" + survivor);
      assertThat(client.command("SET", keyOn(1), "y")).isEqualTo("OK");
    }
    assertThat(replicas.get(victim).info("replication").get("role")).isEqualTo("slave");
  }

  @Test
  void readsAndWritesGoToTheServersTheSentinelsNameFromTheStart() {
    try (RespSocket client = client()) {
      for (int shard = 0; shard < SHARDS.size(); shard++) {
        String key = keyOn(shard);
        assertThat(client.command("SET", key, "v" + shard)).isEqualTo("OK");
        assertThat(primaries.get(shard).command("GET", key)).isEqualTo("v" + shard);
      }
    }
  }

  private void assertEveryAcknowledgedWriteIsThere(Map<String, String> acknowledged) {
    List<String> missing = new ArrayList<>();
    try (RespSocket client = client()) {
      for (Map.Entry<String, String> write : acknowledged.entrySet()) {
        if (!write.getValue().equals(client.command("GET", write.getKey()))) {
          missing.add(write.getKey());
        }
      }
    }
    for (Map.Entry<String, String> write : acknowledged.entrySet()) {
      RedisServer holder = currentPrimary(shardOf(write.getKey()));
      if (!write.getValue().equals(holder.command("GET", write.getKey()))) {
        missing.add(write.getKey() + " on " + holder.address());
      }
    }
    assertThat(missing).as("acknowledged writes missing of %d", acknowledged.size()).isEmpty();
  }

  private RedisServer currentPrimary(int shard) {
    String address = sentinels.primaryOf(SHARDS.get(shard));
    return primaries.get(shard).address().equals(address)
        ? primaries.get(shard)
        : replicas.get(shard);
  }

  private void awaitPrimary(int shard, RedisServer expected) {
    await()
        .atMost(FAILOVER_LIMIT)
        .until(() -> sentinels.primaryOf(SHARDS.get(shard)).equals(expected.address()));
  }

  /** From the kill to the first acknowledged write on the shard after a failed one. */
  private long writeOutageMillis(List<Write> writes, int shard, long killedAt) {
    long firstFailure = Long.MAX_VALUE;
    for (Write write : writes) {
      if (shardOf(write.key()) == shard && write.error() != null) {
        firstFailure = Math.min(firstFailure, write.answeredNanos());
      }
    }
    long recovered = Long.MAX_VALUE;
    for (Write write : writes) {
      if (shardOf(write.key()) == shard
          && write.error() == null
          && write.answeredNanos() > firstFailure) {
        recovered = Math.min(recovered, write.answeredNanos());
      }
    }
    assertThat(recovered)
        .as("a write on the shard succeeded after it failed")
        .isNotEqualTo(Long.MAX_VALUE);
    return TimeUnit.NANOSECONDS.toMillis(recovered - killedAt);
  }

  private boolean failedBefore(List<Write> writes, Write success) {
    return writes.stream()
        .anyMatch(
            w ->
                w.error() != null
                    && shardOf(w.key()) == shardOf(success.key())
                    && w.answeredNanos() < success.answeredNanos());
  }

  private static long dbsize(RedisServer server) {
    return (Long) server.command("DBSIZE");
  }

  private String keyOn(int shard) {
    for (int i = 0; ; i++) {
      if (shardOf("key:" + i) == shard) {
        return "key:" + i;
      }
    }
  }

  private int shardOf(String key) {
    ByteBuf buf = Unpooled.copiedBuffer(key, StandardCharsets.UTF_8);
    try {
      return selector.shardOf(buf, 0, buf.readableBytes());
    } finally {
      buf.release();
    }
  }

  private String readyz() {
    return AdminHttp.get(app.adminPort(), "/readyz").body();
  }

  private RespSocket client() {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }

  private static String errorOf(RespSocket client, String... command) {
    try {
      Object reply = client.command(command);
      throw new AssertionError("expected an error, got " + reply);
    } catch (RedisErrorReply e) {
      return e.getMessage();
    }
  }

  private static ProxyConfig config(List<String> sentinelAddresses) {
    ProxyConfig base =
        ProxyFixture.withTimeouts(
            ProxyFixture.config(List.of()),
            new TimeoutsConfig(
                null, Duration.ofSeconds(1), null, Duration.ofSeconds(1), Duration.ofMillis(500)));
    UpstreamConfig upstream =
        new UpstreamConfig(
            "main",
            null,
            null,
            null,
            null,
            null,
            null,
            SHARDS.stream().map(name -> new ShardConfig(name, null, List.of())).toList(),
            null,
            null,
            null,
            new SentinelConfig(sentinelAddresses));
    return new ProxyConfig(
        base.listen(),
        base.admin(),
        1,
        List.of(upstream),
        null,
        base.timeouts(),
        base.limits(),
        null);
  }
}
