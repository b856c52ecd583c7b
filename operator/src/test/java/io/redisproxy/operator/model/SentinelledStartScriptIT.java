package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.testkit.RedisSentinels;
import io.redisproxy.testkit.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start script of a Redis pod whose shard sentinels fail over, run as the container runs it (sh
 * -c), against real servers and sentinels. Each "pod" is a server on a loopback address of its own;
 * a shim {@code redis-cli} first on the PATH maps the pods' and sentinels' DNS names to them, and a
 * shim {@code redis-server} records the command line the script ends in instead of running it:
 * whether the pod starts as a primary, or as whose replica.
 */
class SentinelledStartScriptIT {
  private static final RedisProxyModel MODEL =
      Fixtures.model("redis: {shards: 1, replicasPerShard: 1, sentinel: {replicas: 3}}");
  private static final List<String> IPS = List.of("127.0.0.2", "127.0.0.3");

  @TempDir Path dir;
  private final List<RedisServer> servers = new ArrayList<>();
  private RedisSentinels sentinels;

  @BeforeEach
  void createDataDir() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("bin"));
  }

  @AfterEach
  void stop() {
    if (sentinels != null) {
      sentinels.close();
    }
    servers.forEach(RedisServer::close);
  }

  @Test
  void aShardsFirstStartMakesPodZeroThePrimaryAndPodOneItsReplica() throws Exception {
    assertThat(start(0)).isEqualTo("primary");
    assertThat(start(1)).isEqualTo("replica of " + MODEL.names().redisHost(0, 0));
  }

  @Test
  void aFormerPrimaryRestartsAsAReplicaOfThePrimaryTheSentinelsName() throws Exception {
    RedisServer promoted = server(1);
    sentinels =
        RedisSentinels.start(3, Map.of("shard-0", promoted), 0, RedisSentinels.Timing.fast(2));
    Files.writeString(dir.resolve("data/dump.rdb"), "data");

    assertThat(start(0))
        .as("pod 0, with its old data")
        .isEqualTo("replica of " + MODEL.names().redisHost(0, 1));
  }

  @Test
  void withoutSentinelsThePodThatSaysItIsPrimaryIsFollowed() throws Exception {
    server(1);
    Files.writeString(dir.resolve("data/dump.rdb"), "data");

    assertThat(start(0)).isEqualTo("replica of " + MODEL.names().redisHost(0, 1));
  }

  @Test
  void aPrimaryTheSentinelsNameThatLostItsDataFollowsAPodThatHasIt() throws Exception {
    // Pod 0 is the named primary, but its volume is new: starting as primary would have its
    // replicas copy an empty data set.
    RedisServer stand = server(0);
    server(1);
    sentinels = RedisSentinels.start(3, Map.of("shard-0", stand), 0, RedisSentinels.Timing.fast(2));
    stand.close();
    servers.remove(stand);

    assertThat(start(0)).isEqualTo("replica of " + MODEL.names().redisHost(0, 1));
  }

  @Test
  void aPrimaryTheSentinelsNameThatKeptItsDataStartsAsPrimary() throws Exception {
    RedisServer stand = server(0);
    sentinels = RedisSentinels.start(3, Map.of("shard-0", stand), 0, RedisSentinels.Timing.fast(2));
    stand.close();
    servers.remove(stand);
    Files.createDirectories(dir.resolve("data/appendonlydir"));

    assertThat(start(0)).isEqualTo("primary");
  }

  /** A server standing in for pod {@code ordinal}'s Redis, on that pod's loopback address. */
  private RedisServer server(int ordinal) {
    RedisServer server =
        RedisServer.start(RedisServer.Options.defaults().withHost(IPS.get(ordinal)));
    servers.add(server);
    return server;
  }

  /** Runs pod {@code ordinal}'s start script; says how its server would have started. */
  private String start(int ordinal) throws IOException, InterruptedException {
    writeShims();
    String script =
        StartScripts.sentinelledRedis(MODEL, 0, "redis-server /etc/redis.conf", "redis-cli")
            .replace(RedisConf.DATA_DIR, dir.resolve("data").toString());
    ProcessBuilder builder =
        new ProcessBuilder(List.of("sh", "-c", script)).redirectErrorStream(true);
    builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    builder.environment().put("POD_NAME", MODEL.names().redisPod(0, ordinal));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    String line =
        output.lines().filter(l -> l.startsWith("redis-server ")).findFirst().orElseThrow();
    int replicaof = line.indexOf("--replicaof ");
    if (replicaof < 0) {
      return "primary";
    }
    String[] target = line.substring(replicaof + "--replicaof ".length()).split(" ");
    assertThat(target[1]).isEqualTo(String.valueOf(RedisProxyModel.REDIS_PORT));
    return "replica of " + target[0];
  }

  /**
   * {@code redis-cli -h <name> -p <port>} reaches the server standing in for that name, and answers
   * with pod names where the servers answer with their addresses (sentinels in pods announce
   * names); {@code redis-server} prints its arguments.
   */
  private void writeShims() throws IOException {
    Map<String, String> addresses = new LinkedHashMap<>();
    for (int ordinal = 0; ordinal < 2; ordinal++) {
      String name = MODEL.names().redisHost(0, ordinal) + ":" + RedisProxyModel.REDIS_PORT;
      String ip = IPS.get(ordinal);
      servers.stream()
          .filter(s -> s.host().equals(ip))
          .findFirst()
          .ifPresentOrElse(
              s -> addresses.put(name, s.address()), () -> addresses.put(name, "127.0.0.1:1"));
    }
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      String name = MODEL.names().sentinelHost(ordinal) + ":" + RedisProxyModel.SENTINEL_PORT;
      addresses.put(name, sentinels != null ? sentinels.addresses().get(ordinal) : "127.0.0.1:1");
    }
    StringBuilder cases = new StringBuilder();
    addresses.forEach(
        (name, address) -> {
          int colon = address.lastIndexOf(':');
          cases
              .append("  \"")
              .append(name)
              .append("\") h=")
              .append(address, 0, colon)
              .append("; p=")
              .append(address.substring(colon + 1))
              .append(" ;;\n");
        });
    Path cli = dir.resolve("bin/redis-cli");
    Files.writeString(
        cli,
        "#!/bin/sh\n"
            + "# redis-cli -h NAME -p PORT ARGS...\n"
            + "case \"$2:$4\" in\n"
            + cases
            + "  *) exit 1 ;;\n"
            + "esac\n"
            + "shift 4\n"
            + onPath("redis-cli")
            + " -h \"$h\" -p \"$p\" \"$@\" | sed"
            + " -e 's/^"
            + IPS.get(0).replace(".", "\\.")
            + "$/"
            + MODEL.names().redisHost(0, 0)
            + "/' -e 's/^"
            + IPS.get(1).replace(".", "\\.")
            + "$/"
            + MODEL.names().redisHost(0, 1)
            + "/'\n");
    Path server = dir.resolve("bin/redis-server");
    Files.writeString(server, "#!/bin/sh\necho redis-server \"$@\"\n");
    for (Path shim : List.of(cli, server)) {
      Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static String onPath(String command) {
    for (String path : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(path, command);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(command + " is not on the PATH (it comes with redis-tools)");
  }
}
