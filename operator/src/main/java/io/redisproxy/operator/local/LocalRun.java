package io.redisproxy.operator.local;

import io.redisproxy.operator.cluster.ClusterFormation;
import io.redisproxy.operator.cluster.ClusterPlan;
import io.redisproxy.operator.local.LocalTopology.LocalProxy;
import io.redisproxy.operator.local.LocalTopology.LocalRedis;
import io.redisproxy.operator.local.LocalTopology.LocalSentinel;
import io.redisproxy.operator.sentinel.SentinelPlan;
import io.redisproxy.operator.sentinel.SentinelSetup;
import io.redisproxy.proxy.config.ConfigCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs local topologies as processes: every redis-server first (primaries, then replicas told whom
 * to replicate), then the sentinels, told what to watch, then every proxy; each logs to a file of
 * its own under the work directory. {@link #close} stops the proxies, then the servers, and removes
 * the work directory.
 */
public final class LocalRun implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final JedisClientConfig PING_CONFIG =
      DefaultJedisClientConfig.builder().timeoutMillis(1000).protocol(RedisProtocol.RESP2).build();

  /**
   * What local mode starts processes with.
   *
   * @param redisServer the redis-server executable
   * @param java the java executable the proxies run on
   * @param proxyJar the runnable proxy jar
   */
  public record Tools(String redisServer, String java, Path proxyJar) {}

  private final Path workDir;
  private final BooleanSupplier cancelled;
  private final List<Process> redis = new ArrayList<>();
  private final List<Process> proxies = new ArrayList<>();

  private LocalRun(Path workDir, BooleanSupplier cancelled) {
    this.workDir = workDir;
    this.cancelled = cancelled;
  }

  /**
   * Starts every topology, each in a directory of its own, and returns once each server answers
   * PING and each proxy is ready; stops what it started and fails once {@code cancelled} is true.
   */
  public static LocalRun start(
      List<LocalTopology> topologies, Tools tools, Path workDir, BooleanSupplier cancelled)
      throws IOException {
    LocalRun run = new LocalRun(workDir, cancelled);
    try {
      List<Path> dirs = new ArrayList<>();
      for (LocalTopology topology : topologies) {
        Path dir = Files.createDirectories(workDir.resolve(fileName(topology.name())));
        dirs.add(dir);
        for (LocalRedis server : topology.redis()) {
          run.redis.add(run.startRedis(server, tools, dir));
        }
      }
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      int started = 0;
      for (int t = 0; t < topologies.size(); t++) {
        for (LocalRedis server : topologies.get(t).redis()) {
          Path log = dirs.get(t).resolve(fileName(server.name()) + ".log");
          run.awaitPong(server, run.redis.get(started++), log, deadline);
        }
      }
      // As the operator does, before the proxies: they would only find a cluster half formed.
      for (LocalTopology topology : topologies) {
        if (!topology.clusterShards().isEmpty()) {
          run.formCluster(topology, deadline);
        }
      }
      for (int t = 0; t < topologies.size(); t++) {
        for (LocalSentinel sentinel : topologies.get(t).sentinels()) {
          run.redis.add(run.startSentinel(sentinel, tools, dirs.get(t)));
        }
      }
      for (LocalTopology topology : topologies) {
        if (!topology.sentinels().isEmpty()) {
          run.setUpSentinels(topology, deadline);
        }
      }
      for (int t = 0; t < topologies.size(); t++) {
        for (LocalProxy proxy : topologies.get(t).proxies()) {
          run.proxies.add(run.startProxy(proxy, tools, dirs.get(t)));
        }
      }
      started = 0;
      for (int t = 0; t < topologies.size(); t++) {
        for (LocalProxy proxy : topologies.get(t).proxies()) {
          Path log = dirs.get(t).resolve(fileName(proxy.name()) + "-proxy.log");
          run.awaitReady(proxy, run.proxies.get(started++), log, deadline);
        }
      }
      return run;
    } catch (IOException | RuntimeException e) {
      run.close();
      throw e;
    }
  }

  /** The work directory: configs, data and one log per process. */
  public Path workDir() {
    return workDir;
  }

  /** Every process this run started, proxies first. */
  public List<ProcessHandle> processes() {
    return Stream.concat(proxies.stream(), redis.stream()).map(Process::toHandle).toList();
  }

  private Process startRedis(LocalRedis server, Tools tools, Path topologyDir) throws IOException {
    String name = fileName(server.name());
    Path data = Files.createDirectories(topologyDir.resolve(name));
    StringBuilder conf = new StringBuilder(server.conf());
    // Later lines win in redis.conf: the local ones override the pod's.
    conf.append("\n# local mode\n")
        .append("port ")
        .append(server.port())
        .append("\nbind 127.0.0.1\n")
        .append("dir ")
        .append(data)
        .append('\n');
    if (server.replicaOf() != null) {
      conf.append("replicaof 127.0.0.1 ").append(server.replicaOf()).append('\n');
    }
    Path file = topologyDir.resolve(name + ".conf");
    Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
    return launch(
        List.of(tools.redisServer(), file.toString()), topologyDir.resolve(name + ".log"));
  }

  /** A sentinel with nothing to monitor yet: it is told what to watch once it runs. */
  private Process startSentinel(LocalSentinel sentinel, Tools tools, Path topologyDir)
      throws IOException {
    String name = fileName(sentinel.name());
    Path data = Files.createDirectories(topologyDir.resolve(name));
    Path file = topologyDir.resolve(name + ".conf");
    Files.writeString(
        file,
        "port " + sentinel.port() + "\nbind 127.0.0.1\ndir " + data + "\n",
        StandardCharsets.UTF_8);
    return launch(
        List.of(tools.redisServer(), file.toString(), "--sentinel"),
        topologyDir.resolve(name + ".log"));
  }

  /** What the operator does in a Kubernetes cluster: every sentinel watches every shard. */
  private void setUpSentinels(LocalTopology topology, long deadline) throws IOException {
    SentinelSetup setup = new SentinelSetup(Duration.ofSeconds(1));
    List<String> sentinels = topology.sentinels().stream().map(LocalSentinel::address).toList();
    SentinelPlan plan =
        setup.step(sentinels, topology.sentinelShards(), topology.sentinelSettings());
    while (!plan.configured()) {
      if (cancelled.getAsBoolean()) {
        throw new IOException(
            "stopped before the sentinels of " + topology.name() + " were set up");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the sentinels of " + topology.name() + " were not set up: " + plan.waitingFor());
      }
      pause();
      plan = setup.step(sentinels, topology.sentinelShards(), topology.sentinelSettings());
    }
  }

  private Process startProxy(LocalProxy proxy, Tools tools, Path topologyDir) throws IOException {
    String name = fileName(proxy.name()) + "-proxy";
    Path file = topologyDir.resolve(name + ".yaml");
    Files.writeString(file, ConfigCodec.write(proxy.config()), StandardCharsets.UTF_8);
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.java(),
                "-Xmx256m",
                "-jar",
                tools.proxyJar().toString(),
                "--config",
                file.toString()));
    command.addAll(proxy.options());
    return launch(command, topologyDir.resolve(name + ".log"));
  }

  private static Process launch(List<String> command, Path log) throws IOException {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IOException("cannot start " + command.get(0) + " (" + e.getMessage() + ")", e);
    }
  }

  /** What the operator does in a Kubernetes cluster: the servers become a Redis Cluster. */
  private void formCluster(LocalTopology topology, long deadline) throws IOException {
    ClusterFormation formation = new ClusterFormation(Duration.ofSeconds(1));
    ClusterPlan plan = formation.step(topology.clusterShards());
    while (!plan.formed()) {
      if (cancelled.getAsBoolean()) {
        throw new IOException("stopped before the Redis Cluster of " + topology.name() + " formed");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the Redis Cluster of " + topology.name() + " did not form: " + plan.waitingFor());
      }
      pause();
      plan = formation.step(topology.clusterShards());
    }
  }

  private void awaitPong(LocalRedis server, Process process, Path log, long deadline)
      throws IOException {
    while (!pong(server.port())) {
      giveUpIfDead(process, server.name(), log, deadline);
      pause();
    }
  }

  private void awaitReady(LocalProxy proxy, Process process, Path log, long deadline)
      throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI readyz = URI.create("http://127.0.0.1:" + proxy.adminPort() + "/readyz");
    while (!ready(http, readyz)) {
      giveUpIfDead(process, "proxy " + proxy.name(), log, deadline);
      pause();
    }
  }

  private void giveUpIfDead(Process process, String what, Path log, long deadline)
      throws IOException {
    if (cancelled.getAsBoolean()) {
      throw new IOException("stopped before " + what + " was up");
    }
    boolean dead = !process.isAlive();
    if (dead || System.nanoTime() > deadline) {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
      throw new IOException(
          what
              + (dead ? " exited with " + process.exitValue() : " did not get ready in time")
              + "; the end of "
              + log
              + ":\n"
              + tail);
    }
  }

  private static boolean pong(int port) {
    try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), PING_CONFIG)) {
      return "PONG".equals(jedis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  private static boolean ready(HttpClient http, URI readyz) {
    try {
      HttpRequest request = HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(1)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a proxy", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the local topology", e);
    }
  }

  /**
   * A name as a file name: {@code stand-in for a.example:6379} becomes {@code
   * stand-in-for-a.example-6379}.
   */
  private static String fileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]+", "-");
  }

  /** Proxies first, so that none sees its servers go; each gets SIGTERM, then SIGKILL. */
  @Override
  public void close() {
    stop(proxies);
    stop(redis);
    deleteWorkDir();
  }

  private static void stop(List<Process> processes) {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }

  private void deleteWorkDir() {
    if (!Files.exists(workDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(workDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + workDir, e);
    }
  }
}
