package io.redisproxy.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.rollout.RolloutPlan.HandOver;
import io.redisproxy.operator.rollout.RolloutPlan.Pod;
import io.redisproxy.operator.rollout.RolloutPlan.Restart;
import io.redisproxy.operator.rollout.RolloutPlan.Shard;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisSentinels;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole rollout, as the operator drives it, of two shards of a primary and two replicas under
 * three real sentinels and behind a real proxy, while clients write through the proxy. Here a "pod"
 * is a redis-server process, and restarting one does what a pod's start does when the shard has
 * history: an empty data directory, started as a replica of the primary the sentinels name.
 */
class SentinelRolloutIT {
  private static final int SHARDS = 2;
  private static final int PODS = 3;
  private static final Duration ROLLOUT_LIMIT = Duration.ofSeconds(120);

  /** Pods by name ("s<shard>-<ordinal>"), each the server now running for it. */
  private final Map<String, RedisServer> pods = new ConcurrentHashMap<>();

  private final Map<String, String> revisions = new ConcurrentHashMap<>();
  private RedisSentinels sentinels;
  private ProxyProcess proxy;

  @BeforeEach
  void start() {
    Map<String, RedisServer> monitored = new LinkedHashMap<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      RedisServer primary = RedisServer.start();
      pods.put(pod(shard, 0), primary);
      for (int ordinal = 1; ordinal < PODS; ordinal++) {
        pods.put(pod(shard, ordinal), RedisServer.startReplicaOf(primary));
      }
      monitored.put(master(shard), primary);
    }
    pods.keySet().forEach(pod -> revisions.put(pod, "old"));
    // The default detection time: a handover must not wait for it.
    sentinels =
        RedisSentinels.start(
            3,
            monitored,
            PODS - 1,
            new RedisSentinels.Timing(2, Duration.ofSeconds(5), Duration.ofSeconds(60)));
    int port = FreePorts.loopback();
    proxy = ProxyProcess.start(proxyConfig(port), port);
  }

  @AfterEach
  void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      if (sentinels != null) {
        sentinels.close();
      }
      pods.values().forEach(RedisServer::close);
    }
  }

  private static String pod(int shard, int ordinal) {
    return "s" + shard + "-" + ordinal;
  }

  private static String master(int shard) {
    return "shard-" + shard;
  }

  private static int shardOf(String pod) {
    return Integer.parseInt(pod.substring(1, pod.indexOf('-')));
  }

  private String proxyConfig(int port) {
    return String.join(
        "\n",
        "listen: {host: 127.0.0.1, port: " + port + "}",
        "admin: {host: 127.0.0.1, port: " + FreePorts.loopback() + "}",
        "ioThreads: 1",
        "upstreams:",
        "  - name: main",
        "    sentinel:",
        "      addresses: [" + String.join(", ", sentinels.addresses()) + "]",
        "    shards: [{name: " + master(0) + "}, {name: " + master(1) + "}]",
        "");
  }

  @Test
  void replicasRestartFirstAndEachPrimaryHandsOverBeforeItsRestartLosingNoAcknowledgedWrite() {
    Rollout rollout =
        new Rollout(
            new RedisRoles(ControlConnections.config(Duration.ofSeconds(1), null, null)),
            new SentinelHandover(
                ControlConnections.config(Duration.ofSeconds(1), null, null),
                sentinels.addresses(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15)),
            this::restart,
            pod -> pods.get(pod).address());
    try (WriteLoad load = new WriteLoad(proxy.port(), 2)) {
      load.awaitAcknowledged(500);
      RolloutRun run =
          RolloutRun.drive(rollout, () -> {}, this::observe, Duration.ofMillis(100), ROLLOUT_LIMIT);
      int before = load.acknowledged.size();
      load.awaitAcknowledged(before + 200);
      load.stop();
      RolloutRun.report("sentinel rollout of " + SHARDS + " shards x " + PODS + " pods", load);
      assertThat(run.outcomes)
          .noneMatch(m -> m.contains("could not") || m.contains("not restarting"));
      assertThat(run.actions)
          .containsExactly(
              new Restart("shard-0", "s0-2", RolloutPlan.Expect.REPLICA, "a replica"),
              new Restart("shard-0", "s0-1", RolloutPlan.Expect.REPLICA, "a replica"),
              new HandOver("shard-0", "s0-0", List.of("s0-1", "s0-2")),
              new Restart("shard-0", "s0-0", RolloutPlan.Expect.REPLICA, "a replica"),
              new Restart("shard-1", "s1-2", RolloutPlan.Expect.REPLICA, "a replica"),
              new Restart("shard-1", "s1-1", RolloutPlan.Expect.REPLICA, "a replica"),
              new HandOver("shard-1", "s1-0", List.of("s1-1", "s1-2")),
              new Restart("shard-1", "s1-0", RolloutPlan.Expect.REPLICA, "a replica"));
      assertThat(load.longestOutageMillis())
          .as("writes fail only while a primary role moves")
          .isLessThan(5_000);
      assertEveryAcknowledgedWriteIsThere(load.acknowledged);
    }
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(sentinels.primaryOf(master(shard)))
          .as("the primary of shard %d is a pod that was never its primary before", shard)
          .isIn(pods.get(pod(shard, 1)).address(), pods.get(pod(shard, 2)).address());
      assertThat(pods.get(pod(shard, 0)).info("replication").get("role")).isEqualTo("slave");
    }
  }

  @Test
  void aTargetedHandoverPromotesTheReplicaAskedForUnderLoadLosingNothing() {
    Handover handover =
        new SentinelHandover(
            ControlConnections.config(Duration.ofSeconds(1), null, null),
            sentinels.addresses(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15));
    try (WriteLoad load = new WriteLoad(proxy.port(), 2)) {
      load.awaitAcknowledged(300);
      int steered = 0;
      for (String target : List.of(pod(0, 2), pod(0, 1), pod(0, 0))) {
        List<String> replicas =
            pods.keySet().stream()
                .filter(p -> shardOf(p) == 0 && !pods.get(p).address().equals(primary(0)))
                .sorted()
                .map(p -> pods.get(p).address())
                .toList();
        String promoted =
            handover.handOverTo(master(0), primary(0), replicas, pods.get(target).address());
        // The sentinels choose; a lower priority makes the target their first choice, not the
        // only one.
        assertThat(promoted).isIn(replicas);
        steered += promoted.equals(pods.get(target).address()) ? 1 : 0;
        awaitPrimaryNamed(0, promoted);
        load.awaitAcknowledged(load.acknowledged.size() + 100);
      }
      assertThat(steered).as("handovers that promoted their target").isPositive();
      load.stop();
      RolloutRun.report("three targeted handovers (" + steered + " promoted their target)", load);
      assertEveryAcknowledgedWriteIsThere(load.acknowledged);
    }
    for (int ordinal = 0; ordinal < PODS; ordinal++) {
      assertThat(pods.get(pod(0, ordinal)).command("CONFIG", "GET", "replica-priority"))
          .as("priorities are set back")
          .isEqualTo(List.of("replica-priority", "100"));
    }
  }

  /** Every sentinel announces a switch within moments of the first; the test asks one. */
  private void awaitPrimaryNamed(int shard, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!expected.equals(primary(shard)) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertThat(primary(shard)).isEqualTo(expected);
  }

  private String primary(int shard) {
    return sentinels.primaryOf(master(shard));
  }

  @Test
  void aHandoverWhoseReplicaHangsGivesUpAndThePrimaryServesOn() {
    RedisServer primary = pods.get(pod(0, 0));
    RedisServer hung = pods.get(pod(0, 2));
    hung.pause();
    try {
      Handover handover =
          new SentinelHandover(
              ControlConnections.config(Duration.ofSeconds(1), null, null),
              sentinels.addresses(),
              Duration.ofSeconds(2),
              Duration.ofSeconds(5));
      primary.command("SET", "before", "1");
      long started = System.nanoTime();
      assertThatThrownBy(
              () ->
                  handover.handOver(
                      master(0),
                      primary.address(),
                      List.of(pods.get(pod(0, 1)).address(), hung.address())))
          .isInstanceOf(Handover.HandoverException.class)
          .hasMessageContaining(hung.address())
          .hasMessageContaining("did not catch up");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      // Not paused any more: a write is answered at once, by the same primary.
      try (RespSocket client =
          RespSocket.connect("127.0.0.1", primary.port(), Duration.ofMillis(500))) {
        assertThat(client.command("SET", "after", "2")).isEqualTo("OK");
      }
      assertThat(sentinels.primaryOf(master(0))).isEqualTo(primary.address());
    } finally {
      hung.resume();
    }
  }

  private void assertEveryAcknowledgedWriteIsThere(Map<String, String> acknowledged) {
    assertThat(acknowledged).isNotEmpty();
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      for (Map.Entry<String, String> write : acknowledged.entrySet()) {
        assertThat(client.command("GET", write.getKey()))
            .as(write.getKey())
            .isEqualTo(write.getValue());
      }
    }
    long stored = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String primary = sentinels.primaryOf(master(shard));
      RedisServer server =
          pods.values().stream().filter(s -> s.address().equals(primary)).findFirst().orElseThrow();
      stored += (Long) server.command("DBSIZE");
    }
    assertThat(stored).as("keys on the primaries").isGreaterThanOrEqualTo(acknowledged.size());
  }

  /** The shards as the informers would show them, readiness as the pods' probes judge it. */
  private List<Shard> observe() {
    List<Shard> shards = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      List<Pod> list = new ArrayList<>();
      for (int ordinal = 0; ordinal < PODS; ordinal++) {
        String name = pod(shard, ordinal);
        list.add(
            new Pod(name, ordinal, revisions.get(name), ReadyProbe.ready(pods.get(name)), false));
      }
      String primary = sentinels.primaryOf(master(shard));
      String primaryPod =
          pods.entrySet().stream()
              .filter(e -> e.getValue().address().equals(primary))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      shards.add(new Shard(master(shard), "new", PODS, list, primaryPod));
    }
    return shards;
  }

  /**
   * What deleting a pod comes to: the server stops, and its replacement starts with an empty
   * directory as a replica of the primary the sentinels name, at the new revision.
   */
  private void restart(String pod) {
    RedisServer old = pods.get(pod);
    int port = old.port();
    old.close();
    String primary = sentinels.primaryOf(master(shardOf(pod)));
    int colon = primary.lastIndexOf(':');
    RedisServer replacement =
        RedisServer.start(
            RedisServer.Options.defaults()
                .withPort(port)
                .withDirectives(
                    "replicaof "
                        + primary.substring(0, colon)
                        + " "
                        + primary.substring(colon + 1)));
    pods.put(pod, replacement);
    revisions.put(pod, "new");
  }
}
