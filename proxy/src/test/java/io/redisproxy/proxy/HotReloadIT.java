package io.redisproxy.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ConfigLoader;
import io.redisproxy.proxy.config.ConfigWatcher;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file changes under live traffic, wired as {@code Main} wires it: the watcher applies
 * valid versions to the running proxy and counts the rejected ones.
 */
class HotReloadIT {
  private static final String APPLIED = "redisproxy_config_reloads_total{result=\"applied\"}";
  private static final String REJECTED = "redisproxy_config_reloads_total{result=\"rejected\"}";
  private static final String PASSWORD = "upstream-secret";

  @TempDir Path dir;
  private Path file;
  private RedisServers redis;
  private ProxyApp app;
  private ConfigWatcher watcher;

  @BeforeEach
  void start() throws IOException {
    redis =
        RedisServers.start(
            4, RedisServer.Options.defaults().withDirectives("requirepass " + PASSWORD));
    file = dir.resolve("proxy.yaml");
    String yaml = yaml(redis.get(0), redis.get(1), redis.get(2));
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    ConfigLoader.Loaded loaded = ConfigLoader.load(file);
    app = ProxyApp.start(loaded.config());
    watcher = new ConfigWatcher(file, loaded, Duration.ofMillis(50), app::reload, app::rejected);
  }

  @AfterEach
  void stop() {
    try {
      watcher.close();
      app.close();
    } finally {
      redis.close();
    }
  }

  @Test
  void configChangesApplyUnderTrafficWithoutDroppingAnyone() throws IOException {
    RedisServer added = redis.get(3);
    RedisServer removed = redis.get(1);
    try (Workload load = Workload.start(app.server().port(), 4, 300, Duration.ofSeconds(40))) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> load.succeeded(key -> true) >= 400);
      assertThat(added.command("DBSIZE")).isEqualTo(0L);

      String fourShards = yaml(redis.get(0), removed, redis.get(2), added);
      replaceConfig(fourShards);
      awaitLive(fourShards);
      await().atMost(10, TimeUnit.SECONDS).until(() -> (Long) added.command("DBSIZE") > 20);
      String newKey = keyOwnedBy(ConfigCodec.parse(fourShards), added);
      try (RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
        assertThat(client.command("SET", newKey, "on-the-new-shard")).isEqualTo("OK");
      }
      assertThat(added.command("GET", newKey)).isEqualTo("on-the-new-shard");
      assertThat(metric(APPLIED)).isEqualTo(1.0);

      String liveHash = app.server().configHash();
      long servedBefore = load.succeeded(key -> true);
      replaceConfig(fourShards.replace(added.address(), "nothost"));
      await().atMost(5, TimeUnit.SECONDS).until(() -> metric(REJECTED) == 1.0);
      assertThat(app.server().configHash()).isEqualTo(liveHash);
      assertThat(AdminHttp.get(app.adminPort(), "/config").headers().firstValue("X-Config-Hash"))
          .contains(liveHash);
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> load.succeeded(key -> true) >= servedBefore + 400);

      assertThat(clientsOf(removed)).as("connections to the shard about to go").isGreaterThan(1);
      String withoutRemoved = yaml(redis.get(0), redis.get(2), added);
      replaceConfig(withoutRemoved);
      awaitLive(withoutRemoved);
      // Only the connection asking is left once the proxy has closed its own.
      await().atMost(5, TimeUnit.SECONDS).until(() -> clientsOf(removed) == 1);
      long servedAfter = load.succeeded(key -> true);
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> load.succeeded(key -> true) >= servedAfter + 400);
      load.close();

      assertThat(load.dropped()).as("client connections that broke").isEmpty();
      assertThat(load.outcomes().stream().filter(Workload.Outcome::failed))
          .as("requests that got an error")
          .isEmpty();
      assertThat(metric(APPLIED)).isEqualTo(2.0);
      assertThat(metric(REJECTED)).isEqualTo(1.0);
    }
  }

  @Test
  void shardRemovedWhileConnectingIsReadyWhenAddedBack() throws IOException {
    RedisServer shard = redis.get(3);
    String withShard = yaml(redis.get(0), redis.get(1), redis.get(2), shard);
    String withoutShard = yaml(redis.get(0), redis.get(1), redis.get(2));
    String key = addShardHoldingAuth(shard, 1000);
    assertThat(readyz().body()).contains("upstream main/" + shard.address() + " unreachable");
    replaceConfig(withoutShard);
    awaitLive(withoutShard);
    assertThat(readyz().body()).isEqualTo("ready\n");
    // Once the pause ends, the proxy closes the connections that were opened for nothing.
    await().atMost(5, TimeUnit.SECONDS).until(() -> clientsOf(shard) == 1);

    replaceConfig(withShard);
    awaitLive(withShard);
    await().atMost(5, TimeUnit.SECONDS).until(() -> readyz().body().equals("ready\n"));
    try (RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
      assertThat(client.command("SET", key, "back")).isEqualTo("OK");
    }
    assertThat(shard.command("GET", key)).isEqualTo("back");
  }

  @Test
  void requestInFlightToARemovedShardStillEndsWithinTheOpTimeout() throws IOException {
    String allShards = yaml(redis.get(0), redis.get(1), redis.get(2));
    ProxyConfig config = ConfigCodec.parse(allShards);
    RedisServer stuck = redis.get(1);
    String stuckKey = keyOwnedBy(config, stuck);
    String marker = keyOwnedBy(config, redis.get(0));
    // The GET must be sent, not wait for a connection still authenticating when the pause begins.
    await().atMost(5, TimeUnit.SECONDS).until(() -> readyz().body().equals("ready\n"));
    try (RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
      assertThat(stuck.command("CLIENT", "PAUSE", "3000", "ALL")).isEqualTo("OK");
      long sent = System.nanoTime();
      client.send("GET", stuckKey);
      client.send("SET", marker, "sent");
      // Requests are routed in order: once the marker arrived, the GET went to the stuck shard.
      await()
          .atMost(2, TimeUnit.SECONDS)
          .until(() -> "sent".equals(redis.get(0).command("GET", marker)));
      String withoutStuck = yaml(redis.get(0), redis.get(2));
      replaceConfig(withoutStuck);
      awaitLive(withoutStuck);

      assertThat(errorMessage(client.readReply()))
          .isEqualTo("ERR upstream main/" + stuck.address() + " timed out after 1000 ms");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(1600);
      assertThat(client.readReply()).isEqualTo("OK");
    }
  }

  @Test
  void requestWaitingForAConnectionEndsAtTheOpTimeoutSayingSo() throws IOException {
    RedisServer shard = redis.get(3);
    String key = addShardHoldingAuth(shard, 3000);
    try (RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
      long sent = System.nanoTime();
      client.send("GET", key);
      assertThat(errorMessage(client.readReply()))
          .isEqualTo(
              "ERR upstream main/"
                  + shard.address()
                  + " timed out after 1000 ms waiting for a connection");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isBetween(900L, 1600L);
    }
  }

  @Test
  void requestWaitingForAConnectionToARemovedShardFailsAtOnceAsNotSent() throws IOException {
    RedisServer shard = redis.get(3);
    String key = addShardHoldingAuth(shard, 3000);
    String withoutShard = yaml(redis.get(0), redis.get(1), redis.get(2));
    try (RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
      client.send("SET", key, "never-sent");
      replaceConfig(withoutShard);
      awaitLive(withoutShard);
      assertThat(errorMessage(client.readReply()))
          .isEqualTo(
              "ERR upstream main/"
                  + shard.address()
                  + " left the topology before a connection to it was ready; the"
                  + " request was not sent");
      // A retry goes to the key's owner under the config now live.
      assertThat(client.command("SET", key, "retried")).isEqualTo("OK");
    }
    await().atMost(5, TimeUnit.SECONDS).until(() -> clientsOf(shard) == 1);
    assertThat(shard.command("EXISTS", key)).isEqualTo(0L);
  }

  /**
   * Adds {@code shard} while it holds every command for {@code pauseMillis}, so the proxy's
   * connections to it stay unauthenticated (not ready), and returns a key it owns.
   */
  private String addShardHoldingAuth(RedisServer shard, int pauseMillis) throws IOException {
    String withShard = yaml(redis.get(0), redis.get(1), redis.get(2), shard);
    assertThat(shard.command("CLIENT", "PAUSE", String.valueOf(pauseMillis), "ALL"))
        .isEqualTo("OK");
    replaceConfig(withShard);
    awaitLive(withShard);
    return keyOwnedBy(ConfigCodec.parse(withShard), shard);
  }

  private static String errorMessage(Object reply) {
    assertThat(reply).isInstanceOf(RedisErrorReply.class);
    return ((RedisErrorReply) reply).getMessage();
  }

  private HttpResponse<String> readyz() {
    return AdminHttp.get(app.adminPort(), "/readyz");
  }

  /** Replaces the file in one step, as Kubernetes swaps a mounted ConfigMap. */
  private void replaceConfig(String yaml) throws IOException {
    Path next = dir.resolve("proxy.yaml.next");
    Files.writeString(next, yaml, StandardCharsets.UTF_8);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void awaitLive(String yaml) {
    String hash = ConfigCodec.hash(ConfigCodec.parse(yaml));
    await().atMost(5, TimeUnit.SECONDS).until(() -> app.server().configHash().equals(hash));
    assertThat(AdminHttp.get(app.adminPort(), "/config").headers().firstValue("X-Config-Hash"))
        .contains(hash);
  }

  private double metric(String series) {
    Double value = AdminHttp.metric(app.adminPort(), series);
    assertThat(value).as(series).isNotNull();
    return value;
  }

  private static long clientsOf(RedisServer server) {
    return Long.parseLong(server.info("clients").get("connected_clients"));
  }

  private String keyOwnedBy(ProxyConfig config, RedisServer server) {
    Function<String, RedisServer> shardOf = ProxyFixture.shardOf(config, redis.list());
    for (int i = 0; ; i++) {
      if (shardOf.apply("new:" + i) == server) {
        return "new:" + i;
      }
    }
  }

  private static String yaml(RedisServer... shards) {
    String list =
        List.of(shards).stream()
            .map(shard -> "      - primary: " + shard.address())
            .collect(Collectors.joining("\n"));
    return """
           listen: {host: 127.0.0.1, port: 0}
           admin: {host: 127.0.0.1, port: 0}
           ioThreads: 2
           upstreams:
             - name: main
               auth: {password: %s}
               shards:
           %s
           timeouts: {operation: 1s, reconnectMax: 500ms}
           """
        .formatted(PASSWORD, list);
  }
}
