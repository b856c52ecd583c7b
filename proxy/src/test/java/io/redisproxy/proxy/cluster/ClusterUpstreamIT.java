package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 3-primary, 3-replica Redis Cluster behind the proxy; the client knows nothing of it. */
class ClusterUpstreamIT {
  private RedisCluster cluster;
  private ProxyServer proxy;

  @BeforeEach
  void start() {
    cluster = RedisCluster.start(3, 1);
    proxy = ProxyServer.start(config(ReadPolicy.PRIMARY));
  }

  private ProxyConfig config(ReadPolicy readPolicy) {
    return ProxyFixture.clusterConfig("cache", cluster.seeds().subList(0, 2), readPolicy);
  }

  @AfterEach
  void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void keysLandWhereRedisPlacesThem() {
    try (RespSocket client = client()) {
      for (int i = 0; i < 200; i++) {
        assertThat(client.command("SET", "key:" + i, "v" + i)).isEqualTo("OK");
      }
      for (int i = 0; i < 200; i += 7) {
        RedisServer owner = cluster.primaryOf("key:" + i);
        assertThat(owner.command("GET", "key:" + i)).isEqualTo("v" + i);
      }
      assertThat(client.command("DBSIZE")).isEqualTo(200L);
      assertThat(proxy.notReadyReason()).isEmpty();
    }
  }

  @Test
  void replicaReadsGoToReplicasThatWereToldReadonly() {
    try (RespSocket client = client()) {
      for (int i = 0; i < 100; i++) {
        client.command("SET", "r" + i, "v" + i);
      }
    }
    for (RedisServer node : cluster.nodes()) {
      node.command("CONFIG", "RESETSTAT");
    }
    try (ProxyServer replicaReads = ProxyServer.start(config(ReadPolicy.REPLICA));
        RespSocket client = RespSocket.connect("127.0.0.1", replicaReads.port())) {
      for (int i = 0; i < 100; i++) {
        assertThat(client.command("GET", "r" + i)).isEqualTo("v" + i);
      }
      assertThat(client.command("SET", "written", "1")).isEqualTo("OK");
    }
    long onReplicas = 0;
    long onPrimaries = 0;
    for (RedisServer node : cluster.nodes()) {
      long gets = calls(node, "get");
      if (node.info("replication").get("role").equals("slave")) {
        onReplicas += gets;
      } else {
        onPrimaries += gets;
      }
    }
    assertThat(onReplicas).isEqualTo(100);
    assertThat(onPrimaries).isZero();
  }

  private static long calls(RedisServer node, String command) {
    String stats = (String) node.command("INFO", "commandstats");
    for (String line : stats.split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  void multiKeyCommandsAreSplitBySlotAndMerged() {
    try (RespSocket client = client()) {
      assertThat(client.command("MSET", "a", "1", "b", "2", "c", "3", "d", "4")).isEqualTo("OK");
      assertThat(client.command("MGET", "d", "nope", "a", "c", "b"))
          .isEqualTo(java.util.Arrays.asList("4", null, "1", "3", "2"));
      assertThat(client.command("DEL", "a", "b", "nope")).isEqualTo(2L);
      assertThat(client.command("SET", "{user}:1", "x")).isEqualTo("OK");
      assertThat(client.command("RENAME", "{user}:1", "{user}:2")).isEqualTo("OK");
      assertThatThrownBy(() -> client.command("RENAME", "c", "d"))
          .isInstanceOf(RedisErrorReply.class)
          .hasMessageStartingWith("CROSSSLOT");
    }
  }

  @Test
  void reshardingUnderLoadShowsNoErrors() throws Exception {
    try (RespSocket setup = client()) {
      for (int i = 0; i < 500; i++) {
        setup.command("SET", "k" + i, "v" + i);
      }
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger errors = new AtomicInteger();
    AtomicLong served = new AtomicLong();
    List<String> firstErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread load =
        new Thread(
            () -> {
              try (RespSocket client = client()) {
                for (int n = 0; running.get() && n < 1_000_000; n++) {
                  String key = "k" + (n % 500);
                  try {
                    assertThat(client.command("GET", key)).isEqualTo("v" + (n % 500));
                    served.incrementAndGet();
                  } catch (RuntimeException | AssertionError e) {
                    errors.incrementAndGet();
                    if (firstErrors.size() < 5) {
                      firstErrors.add(String.valueOf(e.getMessage()));
                    }
                  }
                }
              }
            });
    load.start();
    RedisServer from = cluster.primaryOf("k1");
    RedisServer to =
        cluster.nodes().stream()
            .filter(n -> n != from && n.info("replication").get("role").equals("master"))
            .findFirst()
            .orElseThrow();
    cluster.reshard(from, to, 500);
    long after = served.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> served.get() > after + 1000);
    running.set(false);
    load.join(10_000);
    assertThat(errors.get()).as("errors: %s", firstErrors).isZero();
  }

  @Test
  void aKilledPrimaryIsReplacedWithinAShortErrorWindowAndLosesNoAcknowledgedWrite()
      throws Exception {
    RedisServer victim = cluster.primaryOf("k1");
    List<String> keysOnVictim = new ArrayList<>();
    try (RespSocket client = client()) {
      for (int i = 0; keysOnVictim.size() < 50 && i < 10_000; i++) {
        client.command("SET", "w" + i, "v" + i);
        if (cluster.primaryOf("w" + i) == victim) {
          keysOnVictim.add("w" + i);
        }
      }
    }
    // Acknowledged means replicated: Redis replicates asynchronously, WAIT makes it so.
    assertThat((Long) victim.command("WAIT", "1", "2000")).isEqualTo(1L);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong lastError = new AtomicLong();
    Thread load =
        new Thread(
            () -> {
              try (RespSocket client = client()) {
                for (int n = 0; running.get() && n < 10_000_000; n++) {
                  try {
                    client.command("GET", keysOnVictim.get(n % keysOnVictim.size()));
                  } catch (RuntimeException e) {
                    lastError.set(System.nanoTime());
                  }
                }
              }
            });
    load.start();
    victim.kill();
    cluster.awaitFailover(victim, Duration.ofSeconds(30));
    long promoted = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() - Math.max(lastError.get(), promoted) > 1_000_000_000L);
    running.set(false);
    load.join(10_000);
    long windowAfterPromotion = Math.max(0, lastError.get() - promoted);
    System.out.printf(
        "client-visible errors ended %d ms after the promotion%n",
        TimeUnit.NANOSECONDS.toMillis(windowAfterPromotion));
    assertThat(Duration.ofNanos(windowAfterPromotion)).isLessThan(Duration.ofSeconds(2));
    try (RespSocket client = client()) {
      for (String key : keysOnVictim) {
        assertThat(client.command("GET", key)).isEqualTo("v" + key.substring(1));
      }
    } // The promotion reached the proxy as a changed slot map.
    Matcher changes =
        Pattern.compile(
                "(?m)^redisproxy_cluster_slotmap_changes_total\\{upstream=\"cache\"} (\\S+)$")
            .matcher(proxy.metrics().scrape());
    assertThat(changes.find()).isTrue();
    assertThat(Double.parseDouble(changes.group(1))).isGreaterThanOrEqualTo(1);
  }

  private RespSocket client() {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }
}
