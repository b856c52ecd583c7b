package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis container's readiness probe, run as the kubelet runs it (sh -c), against real servers:
 * a shim {@code redis-cli} first on the PATH points the probe's port at the test server.
 */
class RedisReadinessProbeIT {
  private static final RedisServer.Options CLUSTER_NODE =
      RedisServer.Options.defaults()
          .withDirectives("cluster-enabled yes", "cluster-config-file nodes.conf");

  @TempDir Path shims;

  @Test
  void aPrimaryIsReadyAndAReplicaOnlyWhileItsLinkIsUp() throws Exception {
    try (RedisServer primary = RedisServer.start();
        RedisServer replica = RedisServer.startReplicaOf(primary)) {
      assertThat(ready(primary, false)).isTrue();
      awaitLinkUp(replica);
      assertThat(ready(replica, false)).isTrue();

      primary.kill();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!"down".equals(replica.info("replication").get("master_link_status"))
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      assertThat(ready(replica, false)).as("a replica cut off from its primary").isFalse();
    }
  }

  @Test
  void aClusterNodeIsReadyOnlyOnceItServesSlotsOrReplicates() throws Exception {
    try (RedisServer node = RedisServer.start(CLUSTER_NODE)) {
      assertThat(ready(node, true)).as("a new node, primary of nothing").isFalse();
      assertThat(ready(node, false)).as("the same node, judged as in mode Sharded").isTrue();
      try (RespSocket client = RespSocket.connect("127.0.0.1", node.port())) {
        client.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
      }
      assertThat(ready(node, true)).as("a primary that serves slots").isTrue();
    }
  }

  @Test
  void aServerThatDoesNotAnswerIsNotReady() throws Exception {
    RedisServer server = RedisServer.start();
    server.close();
    assertThat(ready(server, false)).isFalse();
  }

  private boolean ready(RedisServer server, boolean cluster)
      throws IOException, InterruptedException {
    Path shim = shims.resolve("redis-cli");
    Files.writeString(
        shim,
        String.join(
            "\n",
            "#!/bin/sh",
            "first=1",
            "for a do",
            "  if [ $first = 1 ]; then set --; first=0; fi",
            "  if [ \"$a\" = "
                + RedisProxyModel.REDIS_PORT
                + " ]; then a="
                + server.port()
                + "; fi",
            "  set -- \"$@\" \"$a\"",
            "done",
            "exec " + realRedisCli() + " -h 127.0.0.1 \"$@\"",
            ""));
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder probe =
        new ProcessBuilder(List.of("sh", "-c", Containers.redisReady(false, cluster)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    probe.environment().put("PATH", shims + ":" + System.getenv("PATH"));
    Process process = probe.start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the probe ends").isTrue();
    return process.exitValue() == 0;
  }

  /** The redis-cli the PATH finds, which the shim hands the probe's arguments to. */
  private static String realRedisCli() {
    for (String dir : System.getenv("PATH").split(":")) {
      Path cli = Path.of(dir, "redis-cli");
      if (Files.isExecutable(cli)) {
        return cli.toString();
      }
    }
    throw new IllegalStateException("redis-cli is not on the PATH (it comes with redis-tools)");
  }

  private static void awaitLinkUp(RedisServer replica) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"up".equals(replica.info("replication").get("master_link_status"))) {
      assertThat(System.nanoTime()).as("the replica's link comes up").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
