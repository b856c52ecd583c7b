package io.redisproxy.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.cluster.ClusterFormation;
import io.redisproxy.operator.cluster.ClusterPlan;
import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.rollout.RolloutPlan.Expect;
import io.redisproxy.operator.rollout.RolloutPlan.HandOver;
import io.redisproxy.operator.rollout.RolloutPlan.Pod;
import io.redisproxy.operator.rollout.RolloutPlan.Restart;
import io.redisproxy.operator.rollout.RolloutPlan.Shard;
import io.redisproxy.operator.rollout.RolloutPlan.Step;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole rollout of a Redis Cluster of three shards of a primary and a replica, as the operator
 * drives it, while clients write through a real proxy. A restarted "pod" is a new server on the
 * same port with an empty directory: a new node id, which the formation step meets, makes a replica
 * of its shard and whose old id it has the others forget.
 */
class ClusterRolloutIT {
  private static final int SHARDS = 3;
  private static final int PODS = 2;
  private static final Duration ROLLOUT_LIMIT = Duration.ofSeconds(150);
  private static final RedisServer.Options NODE =
      RedisServer.Options.defaults()
          .withDirectives(
              "cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout 2000");

  private final Map<String, RedisServer> pods = new ConcurrentHashMap<>();
  private final Map<String, String> revisions = new ConcurrentHashMap<>();
  private final ClusterFormation formation = new ClusterFormation(Duration.ofSeconds(1));
  private ClusterPlan plan;
  private ProxyProcess proxy;

  @BeforeEach
  void start() {
    for (int shard = 0; shard < SHARDS; shard++) {
      for (int ordinal = 0; ordinal < PODS; ordinal++) {
        pods.put(pod(shard, ordinal), RedisServer.start(NODE));
        revisions.put(pod(shard, ordinal), "old");
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    plan = formation.step(addresses());
    while (!plan.formed() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      plan = formation.step(addresses());
    }
    assertThat(plan.formed()).as(plan.waitingFor()).isTrue();
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
                    + String.join(", ", addresses().stream().flatMap(List::stream).toList())
                    + "]",
                ""),
            port);
  }

  @AfterEach
  void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      pods.values().forEach(RedisServer::close);
    }
  }

  private static String pod(int shard, int ordinal) {
    return "s" + shard + "-" + ordinal;
  }

  private List<List<String>> addresses() {
    List<List<String>> shards = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      List<String> shardPods = new ArrayList<>();
      for (int ordinal = 0; ordinal < PODS; ordinal++) {
        shardPods.add(pods.get(pod(shard, ordinal)).address());
      }
      shards.add(shardPods);
    }
    return shards;
  }

  @Test
  void eachPrimaryHandsOverBeforeItsRestartAndRestartedNodesRejoinAsReplicas() {
    Rollout rollout =
        new Rollout(
            new RedisRoles(ControlConnections.config(Duration.ofSeconds(1), null, null)),
            new ClusterHandover(
                ControlConnections.config(Duration.ofSeconds(1), null, null),
                Duration.ofSeconds(15)),
            this::restart,
            pod -> pods.get(pod).address());
    try (WriteLoad load = new WriteLoad(proxy.port(), 2)) {
      load.awaitAcknowledged(500);
      // As each reconcile does: a step towards the formed cluster, then one of the restart.
      RolloutRun run =
          RolloutRun.drive(
              rollout,
              () -> plan = formation.step(addresses()),
              this::observe,
              Duration.ofMillis(200),
              ROLLOUT_LIMIT);
      load.awaitAcknowledged(load.acknowledged.size() + 200);
      load.stop();
      RolloutRun.report("cluster rollout of " + SHARDS + " shards x " + PODS + " pods", load);
      assertThat(run.outcomes)
          .noneMatch(m -> m.contains("could not") || m.contains("not restarting"));
      List<Step> expected = new ArrayList<>();
      for (int shard = 0; shard < SHARDS; shard++) {
        String name = "shard-" + shard;
        expected.add(new Restart(name, pod(shard, 1), Expect.REPLICA, "a replica"));
        expected.add(new HandOver(name, pod(shard, 0), List.of(pod(shard, 1))));
        expected.add(new Restart(name, pod(shard, 0), Expect.REPLICA, "a replica"));
      }
      assertThat(run.actions).containsExactlyElementsOf(expected);
      assertThat(load.longestOutageMillis())
          .as("writes fail only while a primary role moves")
          .isLessThan(5_000);
      try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
        for (Map.Entry<String, String> write : load.acknowledged.entrySet()) {
          assertThat(client.command("GET", write.getKey()))
              .as(write.getKey())
              .isEqualTo(write.getValue());
        }
      }
    }
    // The formation steps go on after the restart and have the last replaced id forgotten.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !(plan.formed() && knownNodes() == SHARDS * PODS)) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      plan = formation.step(addresses());
    }
    for (RedisServer server : pods.values()) {
      try (RespSocket node = RespSocket.connect("127.0.0.1", server.port())) {
        assertThat((String) node.command("CLUSTER", "INFO"))
            .contains("cluster_state:ok", "cluster_known_nodes:" + SHARDS * PODS);
      }
    }
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(pods.get(pod(shard, 0)).info("replication").get("role")).isEqualTo("slave");
    }
  }

  /** The most nodes any server knows of. */
  private long knownNodes() {
    long most = 0;
    for (RedisServer server : pods.values()) {
      try (RespSocket node = RespSocket.connect("127.0.0.1", server.port())) {
        most = Math.max(most, ((String) node.command("CLUSTER", "NODES")).lines().count());
      }
    }
    return most;
  }

  /** The shards as the informers would show them; primaries as the formation step read them. */
  private List<Shard> observe() {
    List<Shard> shards = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      List<Pod> list = new ArrayList<>();
      for (int ordinal = 0; ordinal < PODS; ordinal++) {
        String name = pod(shard, ordinal);
        list.add(
            new Pod(name, ordinal, revisions.get(name), ReadyProbe.ready(pods.get(name)), false));
      }
      String primary = plan.formed() ? plan.primaries().get(shard) : null;
      String primaryPod =
          pods.entrySet().stream()
              .filter(e -> e.getValue().address().equals(primary))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      shards.add(new Shard("shard-" + shard, "new", PODS, list, primaryPod));
    }
    return shards;
  }

  /** A deleted pod's replacement: same address, empty directory, a node id never seen. */
  private void restart(String pod) {
    RedisServer old = pods.get(pod);
    int port = old.port();
    old.close();
    pods.put(pod, RedisServer.start(NODE.withPort(port)));
    revisions.put(pod, "new");
  }
}
