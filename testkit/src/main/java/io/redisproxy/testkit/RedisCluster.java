package io.redisproxy.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster on loopback: {@code primaries} primaries with {@code replicasPerPrimary}
 * replicas each, created with {@code redis-cli --cluster create} and usable once every node says
 * {@code cluster_state:ok} and every replica is listed in every node's {@code CLUSTER SLOTS}.
 */
public final class RedisCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final RedisServers nodes;

  private RedisCluster(RedisServers nodes) {
    this.nodes = nodes;
  }

  public static RedisCluster start(int primaries, int replicasPerPrimary) {
    int count = primaries * (1 + replicasPerPrimary);
    RedisServers nodes =
        RedisServers.start(
            count,
            RedisServer.Options.defaults()
                .withDirectives(
                    "cluster-enabled yes",
                    "cluster-config-file nodes.conf",
                    "cluster-node-timeout 2000",
                    "cluster-replica-validity-factor 0"));
    try {
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.create(replicasPerPrimary);
      cluster.awaitReady(primaries * replicasPerPrimary);
      return cluster;
    } catch (RuntimeException e) {
      nodes.close();
      throw e;
    }
  }

  public List<RedisServer> nodes() {
    return nodes.list();
  }

  /** Addresses to give a client as seeds. */
  public List<String> seeds() {
    return nodes.addresses();
  }

  /** The slot of {@code key}, as the cluster computes it. */
  public int slotOf(String key) {
    return ((Long) aliveNode().command("CLUSTER", "KEYSLOT", key)).intValue();
  }

  /** The node that serves {@code key}'s slot as primary now. */
  public RedisServer primaryOf(String key) {
    int slot = slotOf(key);
    for (Object entry : (List<?>) aliveNode().command("CLUSTER", "SLOTS")) {
      List<?> range = (List<?>) entry;
      if (slot >= (Long) range.get(0) && slot <= (Long) range.get(1)) {
        return byPort(((Long) ((List<?>) range.get(2)).get(1)).intValue());
      }
    }
    throw new IllegalStateException("no node serves slot " + slot);
  }

  /** The replicas of {@code primary}, as the cluster reports them now. */
  public List<RedisServer> replicasOf(RedisServer primary) {
    List<RedisServer> replicas = new ArrayList<>();
    for (Object entry : (List<?>) aliveNode().command("CLUSTER", "SLOTS")) {
      List<?> range = (List<?>) entry;
      if (((Long) ((List<?>) range.get(2)).get(1)).intValue() == primary.port()) {
        for (int i = 3; i < range.size(); i++) {
          RedisServer replica = byPort(((Long) ((List<?>) range.get(i)).get(1)).intValue());
          if (!replicas.contains(replica)) {
            replicas.add(replica);
          }
        }
      }
    }
    return replicas;
  }

  /** Moves {@code slots} slots, with their keys, from {@code from} to {@code to}. */
  public void reshard(RedisServer from, RedisServer to, int slots) {
    redisCli(
        "--cluster",
        "reshard",
        aliveNode().address(),
        "--cluster-from",
        (String) from.command("CLUSTER", "MYID"),
        "--cluster-to",
        (String) to.command("CLUSTER", "MYID"),
        "--cluster-slots",
        String.valueOf(slots),
        "--cluster-yes");
  }

  /**
   * Waits until a replica of the killed {@code primary} has taken over: every live node says the
   * cluster is ok and none names {@code primary} as the owner of any slot.
   */
  public void awaitFailover(RedisServer primary, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (nodes.list().stream()
          .filter(RedisServer::isAlive)
          .allMatch(n -> clusterOk(n) && ownsAll(n) && !ownsAny(n, primary))) {
        return;
      }
      pause();
    }
    throw new RedisServerException("no replica took over within " + timeout);
  }

  private static boolean ownsAny(RedisServer view, RedisServer primary) {
    for (Object entry : (List<?>) view.command("CLUSTER", "SLOTS")) {
      if (((Long) ((List<?>) ((List<?>) entry).get(2)).get(1)).intValue() == primary.port()) {
        return true;
      }
    }
    return false;
  }

  private void create(int replicasPerPrimary) {
    List<String> args = new ArrayList<>(List.of("--cluster", "create"));
    args.addAll(nodes.addresses());
    args.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerPrimary), "--cluster-yes"));
    redisCli(args.toArray(String[]::new));
  }

  private void awaitReady(int replicas) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (nodes.list().stream().allMatch(n -> ready(n, replicas))) {
        return;
      }
      pause();
    }
    throw new RedisServerException("the cluster did not become ready within " + READY_TIMEOUT);
  }

  private static boolean ready(RedisServer node, int replicas) {
    if (!clusterOk(node) || !ownsAll(node)) {
      return false;
    }
    int listed = 0;
    for (Object entry : (List<?>) node.command("CLUSTER", "SLOTS")) {
      listed += ((List<?>) entry).size() - 3;
    }
    return listed >= replicas;
  }

  private static boolean clusterOk(RedisServer node) {
    return ((String) node.command("CLUSTER", "INFO")).contains("cluster_state:ok");
  }

  private static boolean ownsAll(RedisServer node) {
    int covered = 0;
    for (Object entry : (List<?>) node.command("CLUSTER", "SLOTS")) {
      List<?> range = (List<?>) entry;
      covered += (int) ((Long) range.get(1) - (Long) range.get(0) + 1);
    }
    return covered == 16384;
  }

  private RedisServer aliveNode() {
    return nodes.list().stream()
        .filter(RedisServer::isAlive)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cluster node is alive"));
  }

  private RedisServer byPort(int port) {
    return nodes.list().stream()
        .filter(n -> n.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node on port " + port));
  }

  private static void redisCli(String... args) {
    List<String> command = new ArrayList<>();
    command.add(redisCliPath());
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("redis-cli", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean done = process.waitFor(120, TimeUnit.SECONDS);
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Files.deleteIfExists(output);
      if (!done) {
        process.destroyForcibly();
        throw new RedisServerException("redis-cli " + String.join(" ", args) + " hung:\n" + text);
      }
      if (process.exitValue() != 0) {
        throw new RedisServerException("redis-cli " + String.join(" ", args) + " failed:\n" + text);
      }
    } catch (IOException e) {
      throw new RedisServerException("cannot run redis-cli: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while running redis-cli", e);
    }
  }

  /** redis-cli next to redis-server, else from the PATH. */
  private static String redisCliPath() {
    Path beside = RedisExecutable.locate().resolveSibling("redis-cli");
    if (Files.isExecutable(beside)) {
      return beside.toString();
    }
    return "redis-cli";
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while waiting for the cluster", e);
    }
  }

  @Override
  public void close() {
    nodes.close();
  }
}
