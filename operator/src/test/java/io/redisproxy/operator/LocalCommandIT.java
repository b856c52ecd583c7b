package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.operator.local.LocalRun;
import io.redisproxy.operator.local.LocalTopology;
import io.redisproxy.operator.local.LocalTopology.LocalProxy;
import io.redisproxy.operator.local.LocalTopology.LocalRedis;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.testkit.RespSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
