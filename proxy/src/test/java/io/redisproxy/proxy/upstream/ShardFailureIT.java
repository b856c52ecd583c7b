package io.redisproxy.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.AdminHttp;
import io.redisproxy.proxy.ProxyApp;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.Workload;
import io.redisproxy.proxy.Workload.Outcome;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One of three shards crashes under load and comes back: what clients and probes see. */
class ShardFailureIT {
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(1);
  private static final int CLIENTS = 4;
  private static final int KEYS_PER_CLIENT = 200;
  private static final int IO_THREADS = 4;

  private RedisServers redis;
  private ProxyApp app;
  private ProxyConfig config;
  private Function<String, RedisServer> shardOf;
  private final Map<String, RedisServer> owners = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    redis = RedisServers.start(3);
    config =
        ProxyFixture.withTimeouts(
            ProxyFixture.config(redis.addresses()),
            new TimeoutsConfig(
                null, OPERATION_TIMEOUT, null, Duration.ofSeconds(1), Duration.ofMillis(500)));
    shardOf = ProxyFixture.shardOf(config, redis.list());
    app = ProxyApp.start(config);
  }

  @AfterEach
  void stop() {
    try {
      app.close();
    } finally {
      redis.close();
    }
  }

  @Test
  void deadShardFailsFastWhileOthersServeAndItComesBackByItself() {
    RedisServer victim = redis.get(1);
    String label = "main/" + victim.address();
    Predicate<String> onVictim = key -> owner(key) == victim;
    Predicate<String> elsewhere = onVictim.negate();
    assertThat(readyz().statusCode()).isEqualTo(200);

    try (Workload load =
        Workload.start(app.server().port(), CLIENTS, KEYS_PER_CLIENT, Duration.ofSeconds(40))) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> load.succeeded(onVictim) >= 100);

      victim.kill();
      await().atMost(5, TimeUnit.SECONDS).until(() -> load.failed(onVictim) >= 50);
      long servedElsewhere = load.succeeded(elsewhere);
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> load.succeeded(elsewhere) >= servedElsewhere + 200);
      // The proxy still serves two thirds of the keys: it stays in service, saying what fails.
      HttpResponse<String> degraded = readyz();
      assertThat(degraded.statusCode()).isEqualTo(200);
      String unreachable = "ready; degraded: upstream " + label + " unreachable: ";
      assertThat(degraded.body()).startsWith(unreachable);
      assertThat(degraded.body().substring(unreachable.length())).doesNotContain(label);

      victim.restart();
      long restartedAt = System.nanoTime();
      long servedBeforeRestart = load.succeeded(onVictim);
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> load.succeeded(onVictim) >= servedBeforeRestart + 100);
      await().atMost(5, TimeUnit.SECONDS).until(() -> readyz().body().equals("ready\n"));
      load.close();

      assertThat(load.dropped()).as("client connections that broke").isEmpty();
      List<Outcome> outcomes = load.outcomes();
      assertThat(outcomes.stream().filter(o -> elsewhere.test(o.key())))
          .as("requests for keys on the shards that stayed up")
          .allMatch(Outcome::expected);
      List<Outcome> failures = outcomes.stream().filter(Outcome::failed).toList();
      assertThat(failures).allMatch(o -> onVictim.test(o.key()));
      assertThat(failures)
          .extracting(Outcome::error)
          .allSatisfy(
              error -> {
                String prefix = "ERR upstream " + label + " unavailable: ";
                assertThat(error).startsWith(prefix);
                assertThat(error.substring(prefix.length())).as("the cause").doesNotContain(label);
              });
      long firstFailureAnswered =
          failures.stream().mapToLong(Outcome::endNanos).min().orElseThrow();
      assertThat(failures.stream().filter(o -> o.startNanos() > firstFailureAnswered))
          .as("failures after the first one come back well within the op timeout")
          .isNotEmpty()
          .allMatch(o -> o.millis() < 200);
      assertThat(
              failures.stream()
                  .filter(o -> o.startNanos() > restartedAt + TimeUnit.SECONDS.toNanos(2)))
          .as("failures long after the shard came back")
          .isEmpty();
    }

    try (RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
      String key = keyOn(victim);
      assertThat(client.command("SET", key, "back")).isEqualTo("OK");
      assertThat(victim.command("GET", key)).isEqualTo("back");
    }
  }

  @Test
  void aShardThatIsBackServesEveryIoThreadAtOnceNotAfterEachOnesBackoff() {
    restartWithIoThreads(IO_THREADS);
    RedisServer victim = redis.get(1);
    String key = keyOn(victim);
    List<RespSocket> clients = new ArrayList<>();
    try {
      openOnEveryIoThread(clients, key);
      victim.kill();
      for (RespSocket client : clients) {
        await()
            .atMost(5, TimeUnit.SECONDS)
            .until(() -> reply(client, "GET", key) instanceof RedisErrorReply);
      }
      // Long enough for each thread's reconnect backoff to reach its 2 s ceiling.
      sleep(Duration.ofSeconds(4));

      victim.restart();
      await()
          .atMost(5, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> readyz().body().equals("ready\n"));
      List<Object> replies = new ArrayList<>();
      for (RespSocket client : clients) {
        replies.add(reply(client, "SET", key, "after"));
      }
      assertThat(replies)
          .as("replies on every I/O thread as soon as the proxy reports the shard back")
          .containsOnly("OK");
    } finally {
      clients.forEach(RespSocket::close);
    }
  }

  @Test
  void aServerRefusingSomeIoThreadsAtItsMaxclientsSeesBackoffNotAnAttemptPerRequest() {
    restartWithIoThreads(IO_THREADS);
    RedisServer victim = redis.get(1);
    String key = keyOn(victim);
    List<RespSocket> clients = new ArrayList<>();
    try (RespSocket admin = victim.connect()) {
      openOnEveryIoThread(clients, key);
      // Room for this admin connection and two of the four I/O threads' connections.
      admin.command("CONFIG", "SET", "maxclients", "3");
      admin.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> Long.parseLong(stat(admin, "rejected_connections")) > 0);
      long rejectedBefore = Long.parseLong(stat(admin, "rejected_connections"));

      int served = 0;
      for (int round = 0; round < 100; round++) {
        for (RespSocket client : clients) {
          if ("before".equals(reply(client, "GET", key))) {
            served++;
          }
        }
      }
      long attempts = Long.parseLong(stat(admin, "rejected_connections")) - rejectedBefore;
      assertThat(served).as("GETs answered by the threads the server admitted").isPositive();
      assertThat(attempts)
          .as("connections the full server refused while 800 requests came")
          .isLessThan(40);

      admin.command("CONFIG", "SET", "maxclients", "1000");
      for (RespSocket client : clients) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> "before".equals(reply(client, "GET", key)));
      }
    } finally {
      clients.forEach(RespSocket::close);
    }
  }

  private static String stat(RespSocket admin, String field) {
    String info = (String) admin.command("INFO", "stats");
    return info.lines()
        .filter(line -> line.startsWith(field + ":"))
        .findFirst()
        .orElseThrow()
        .substring(field.length() + 1)
        .strip();
  }

  /**
   * Opens two clients per I/O thread into {@code clients} (accepted connections go to the threads
   * in turn), each of which sets {@code key} to "before".
   */
  private void openOnEveryIoThread(List<RespSocket> clients, String key) {
    for (int i = 0; i < 2 * IO_THREADS; i++) {
      clients.add(RespSocket.connect("127.0.0.1", app.server().port()));
    }
    for (RespSocket client : clients) {
      assertThat(client.command("SET", key, "before")).isEqualTo("OK");
    }
  }

  /** A proxy on {@code ioThreads} I/O threads whose reconnect backoff grows to 2 s. */
  private void restartWithIoThreads(int ioThreads) {
    app.close();
    app =
        ProxyApp.start(
            ProxyFixture.withIoThreads(
                ProxyFixture.withTimeouts(
                    ProxyFixture.config(redis.addresses()),
                    new TimeoutsConfig(null, OPERATION_TIMEOUT, null, null, Duration.ofSeconds(2))),
                ioThreads));
  }

  private RedisServer owner(String key) {
    return owners.computeIfAbsent(key, shardOf);
  }

  private String keyOn(RedisServer server) {
    for (int i = 0; ; i++) {
      if (owner("probe:" + i) == server) {
        return "probe:" + i;
      }
    }
  }

  /** The reply to one command, an error reply as a value. */
  private static Object reply(RespSocket client, String... command) {
    client.send(command);
    return client.readReply();
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> readyz() {
    return AdminHttp.get(app.adminPort(), "/readyz");
  }
}
