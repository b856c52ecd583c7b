package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.operator.local.LocalRun;
import io.redisproxy.operator.local.LocalTopology;
import io.redisproxy.operator.local.LocalTopology.LocalProxy;
import io.redisproxy.operator.local.LocalTopology.LocalRedis;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Local mode runs a sample's topology as real processes, and stops every one of them. */
class LocalCommandIT {
  private static final Path ROOT = Path.of(System.getProperty("repository.root"));
  private static final Path SAMPLES = ROOT.resolve("manifests/samples");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicReference<LocalRun> seen = new AtomicReference<>();
  private final List<ProcessHandle> processes = new ArrayList<>();

  private int local(Path sample, LocalCommand.WhileUp whileUp) {
    return local(sample, () -> false, whileUp);
  }

  private int local(Path sample, BooleanSupplier cancelled, LocalCommand.WhileUp whileUp) {
    return new LocalCommand(
            new OperatorDefaults("redis:7.2", "proxy:1"), InputStream.nullInputStream(), cancelled)
        .run(
            List.of(
                "-f",
                sample.toString(),
                "--proxy-jar",
                ROOT.resolve("proxy/target/redis-proxy.jar").toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            (run, topologies) -> {
              seen.set(run);
              processes.addAll(run.processes());
              whileUp.run(run, topologies);
            });
  }

  private void assertEverythingStopped() {
    assertThat(processes).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    assertThat(seen.get().workDir()).doesNotExist();
    assertThat(ProcessHandle.current().children()).isEmpty();
  }

  @Test
  void stoppingWhileItStartsStopsWhatStarted() {
    long start = System.nanoTime();
    int code =
        local(
            SAMPLES.resolve("sharded.yaml"),
            () -> System.nanoTime() - start > Duration.ofMillis(300).toNanos(),
            (run, topologies) -> seen.set(run));
    assertThat(code).isEqualTo(RenderCommand.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("local: stopped before");
    assertThat(seen.get()).as("the topology never came up").isNull();
    assertThat(ProcessHandle.current().children()).isEmpty();
  }

  @Test
  void theShardedSampleRunsAsReplicatedShardsBehindAProxyPerPod() {
    int code =
        local(
            SAMPLES.resolve("sharded.yaml"),
            (run, topologies) -> {
              LocalTopology topology = topologies.get(0);
              assertThat(topology.redis()).hasSize(6);
              assertThat(topology.proxies()).hasSize(6);
              List<LocalProxy> proxies = topology.proxies();
              try (RespSocket first = RespSocket.connect("127.0.0.1", proxies.get(0).port());
                  RespSocket last =
                      RespSocket.connect("127.0.0.1", proxies.get(proxies.size() - 1).port())) {
                for (int i = 0; i < 30; i++) {
                  assertThat(first.command("SET", "key:" + i, "v" + i)).isEqualTo("OK");
                }
                for (int i = 0; i < 30; i++) {
                  assertThat(last.command("GET", "key:" + i)).isEqualTo("v" + i);
                }
                assertThat(last.command("DBSIZE")).isEqualTo(30L);
              }
              long onPrimaries = 0;
              for (LocalRedis server : topology.redis()) {
                if (server.replicaOf() == null) {
                  long keys = dbsize(server.port());
                  assertThat(keys).as("keys on %s", server.name()).isPositive();
                  onPrimaries += keys;
                } else {
                  // Each replica follows its own shard's primary.
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> dbsize(server.port()) == dbsize(server.replicaOf()));
                }
              }
              assertThat(onPrimaries).isEqualTo(30);
              // The redis.conf of the spec reached the servers.
              try (RespSocket redis =
                  RespSocket.connect("127.0.0.1", topology.redis().get(0).port())) {
                assertThat(redis.command("CONFIG", "GET", "maxmemory-policy"))
                    .isEqualTo(List.of("maxmemory-policy", "allkeys-lru"));
              }
            });
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(RenderCommand.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("default/cache:", "connect: redis-cli -p ", "replica of :");
    assertEverythingStopped();
  }

  @Test
  void theShardedSampleFailsAKilledPrimaryOverWithItsDefaultTimingsAndLosesNoAcknowledgedWrite() {
    int code =
        local(
            SAMPLES.resolve("sharded.yaml"),
            (run, topologies) -> {
              LocalTopology topology = topologies.get(0);
              assertThat(topology.sentinels()).hasSize(3);
              LocalRedis victim = topology.redis().get(2);
              assertThat(victim.name()).isEqualTo("cache-shard-1-0");
              int proxies = topology.proxies().size();
              ProcessHandle victimProcess = run.processes().get(proxies + 2);
              Map<String, String> acknowledged = new LinkedHashMap<>();
              try (RespSocket client =
                  RespSocket.connect("127.0.0.1", topology.proxies().get(0).port())) {
                String tag = tagOn(client, victim.port());
                for (int i = 0; i < 200; i++) {
                  client.command("SET", tag + i, "v" + i);
                  acknowledged.put(tag + i, "v" + i);
                }
                long killed = System.nanoTime();
                victimProcess.destroyForcibly();
                long failedAt = 0;
                long recovered = 0;
                long deadline = killed + Duration.ofSeconds(30).toNanos();
                for (int i = 200;
                    i < 100_000 && recovered == 0 && System.nanoTime() < deadline;
                    i++) {
                  try {
                    client.command("SET", tag + i, "v" + i);
                    acknowledged.put(tag + i, "v" + i);
                    recovered = failedAt != 0 ? System.nanoTime() : 0;
                  } catch (RedisErrorReply e) {
                    failedAt = failedAt != 0 ? failedAt : System.nanoTime();
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                  }
                }
                assertThat(failedAt).as("writes failed once the primary was killed").isPositive();
                assertThat(recovered).as("writes came back within 30 s").isPositive();
                long windowMillis = Duration.ofNanos(recovered - killed).toMillis();
                System.out.printf(
                    "local sharded sample: writes to the killed primary's shard failed for %d ms"
                        + " (default sentinel timings)%n",
                    windowMillis);
                assertThat(windowMillis).isLessThan(10_000);
                for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                  assertThat(client.command("GET", write.getKey()))
                      .as(write.getKey())
                      .isEqualTo(write.getValue());
                }
              }
              long onPromoted = dbsize(topology.redis().get(3).port());
              assertThat(onPromoted).isEqualTo(acknowledged.size());
            });
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(RenderCommand.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("sentinel cache-sentinel-0");
    assertEverythingStopped();
  }

  /** A hash tag whose keys the proxy puts on the server at {@code port}. */
  private static String tagOn(RespSocket client, int port) {
    for (int i = 0; i < 1000; i++) {
      String key = "{t" + i + "}:";
      client.command("SET", key + "probe", "x");
      try (RespSocket server = RespSocket.connect("127.0.0.1", port)) {
        boolean there = server.command("EXISTS", key + "probe").equals(1L);
        client.command("DEL", key + "probe");
        if (there) {
          return key;
        }
      }
    }
    throw new IllegalStateException("no tag lands on :" + port);
  }

  @Test
  void theRedisClusterSampleIsFormedAndServedWithReplicaReads() {
    int code =
        local(
            SAMPLES.resolve("redis-cluster.yaml"),
            (run, topologies) -> {
              LocalTopology topology = topologies.get(0);
              assertThat(topology.clusterShards()).hasSize(3);
              try (RespSocket client =
                  RespSocket.connect("127.0.0.1", topology.proxies().get(4).port())) {
                for (int i = 0; i < 30; i++) {
                  assertThat(client.command("SET", "order:" + i, "v" + i)).isEqualTo("OK");
                }
                // readPolicy replica: the reads go to replicas, which follow their primary. A fresh
                // cluster's replicas sync first.
                await()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(
                        () -> assertThat(client.command("GET", "order:29")).isEqualTo("v29"));
              }
              long total = 0;
              for (List<String> shard : topology.clusterShards()) {
                long keys = dbsize(port(shard.get(0)));
                assertThat(keys).as("keys on the primary %s", shard.get(0)).isPositive();
                total += keys;
                try (RespSocket primary = RespSocket.connect("127.0.0.1", port(shard.get(0)))) {
                  assertThat((String) primary.command("CLUSTER", "INFO"))
                      .contains("cluster_state:ok");
                  assertThat((String) primary.command("INFO", "replication"))
                      .contains("connected_slaves:2");
                }
              }
              assertThat(total).isEqualTo(30);
            });
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(RenderCommand.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("a Redis Cluster");
    assertEverythingStopped();
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  @Test
  void externalUpstreamsAndRemotesAreStoodInForByLocalServers() {
    int code =
        local(
            SAMPLES.resolve("cloud-two-regions.yaml"),
            (run, topologies) -> {
              LocalTopology topology = topologies.get(0);
              assertThat(topology.proxies()).hasSize(3);
              try (RespSocket client =
                  RespSocket.connect("127.0.0.1", topology.proxies().get(0).port())) {
                assertThat(client.command("SET", "catalog:1", "book")).isEqualTo("OK");
              }
              LocalRedis catalog = standIn(topology, "us-a.cache.example.com:6379");
              assertThat(dbsize(catalog.port())).isEqualTo(1L);
              LocalRedis replica = standIn(topology, "us-a-ro.cache.example.com:6379");
              assertThat(replica.replicaOf()).isEqualTo(catalog.port());
            });
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(RenderCommand.OK);
    assertEverythingStopped();
  }

  @Test
  void aFailingCheckStillStopsEverything() {
    int code =
        local(
            SAMPLES.resolve("replica-reads.yaml"),
            (run, topologies) -> {
              throw new IllegalStateException("the check failed");
            });
    assertThat(code).isEqualTo(RenderCommand.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("local: the check failed");
    assertEverythingStopped();
  }

  @Test
  void anInvalidFileStartsNothing() throws Exception {
    Path file = Files.createTempFile("invalid", ".yaml");
    try {
      Files.writeString(
          file,
          "apiVersion: redisproxy.io/v1alpha1\nkind: RedisProxy\nmetadata: {name: c}\n"
              + "spec: {redis: {shards: 0}}\n");
      int code = local(file, (run, topologies) -> seen.set(run));
      assertThat(code).isEqualTo(RenderCommand.INVALID);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("document 1: spec.redis.shards: must be 1-128");
      assertThat(seen.get()).isNull();
    } finally {
      Files.delete(file);
    }
  }

  private static LocalRedis standIn(LocalTopology topology, String address) {
    return topology.redis().stream()
        .filter(server -> server.name().equals("stand-in for " + address))
        .findFirst()
        .orElseThrow();
  }

  private static long dbsize(int port) {
    try (RespSocket redis = RespSocket.connect("127.0.0.1", port)) {
      return (Long) redis.command("DBSIZE");
    }
  }
}
