package io.redisproxy.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.redisproxy.proxy.ProxyApp;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transport this machine can run serves the same answers: large values, pipelined multi-key
 * requests across shards, and a shard that dies and comes back.
 */
class TransportIT {

  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio"})
  void servesLikeRedisAndSurvivesADeadShard(String name) {
    assumeAvailable(name);
    try (RedisServers redis = RedisServers.start(2)) {
      ProxyConfig config =
          ProxyFixture.withTimeouts(
              ProxyFixture.config(redis.addresses()),
              new TimeoutsConfig(null, Duration.ofSeconds(2), null, null, Duration.ofMillis(500)));
      Function<String, RedisServer> shardOf = ProxyFixture.shardOf(config, redis.list());
      try (ProxyApp app = ProxyApp.start(config, Transport.named(name));
          RespSocket client = RespSocket.connect("127.0.0.1", app.server().port())) {
        assertThat(app.server().transportName()).isEqualTo(name);

        String large = "x".repeat(1 << 20);
        assertThat(client.command("SET", "large", large)).isEqualTo("OK");
        assertThat(client.command("GET", "large")).isEqualTo(large);
        assertThat(shardOf.apply("large").command("GET", "large")).isEqualTo(large);

        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          keys.add("key:" + i);
          assertThat(client.command("SET", "key:" + i, "value:" + i)).isEqualTo("OK");
        }
        List<Object> expected = new ArrayList<>();
        keys.forEach(key -> expected.add(shardOf.apply(key).command("GET", key)));
        String[] mget = new String[keys.size() + 1];
        mget[0] = "MGET";
        for (int i = 0; i < keys.size(); i++) {
          mget[i + 1] = keys.get(i);
        }
        for (int i = 0; i < 100; i++) {
          client.send(mget);
        }
        for (int i = 0; i < 100; i++) {
          assertThat(client.readReply()).isEqualTo(expected);
        }

        RedisServer victim = redis.get(0);
        String lost = keys.stream().filter(k -> shardOf.apply(k) == victim).findFirst().get();
        String kept = keys.stream().filter(k -> shardOf.apply(k) != victim).findFirst().get();
        victim.kill();
        await()
            .atMost(5, TimeUnit.SECONDS)
            .until(() -> reply(client, "GET", lost) instanceof RedisErrorReply);
        assertThat(((RedisErrorReply) reply(client, "GET", lost)).getMessage())
            .startsWith("ERR upstream main/" + victim.address() + " unavailable");
        assertThat(client.command("GET", kept)).isEqualTo(expected.get(keys.indexOf(kept)));

        victim.restart();
        await()
            .atMost(10, TimeUnit.SECONDS)
            .until(() -> "OK".equals(reply(client, "SET", lost, "back")));
        assertThat(victim.command("GET", lost)).isEqualTo("back");
      }
    }
  }

  private static void assumeAvailable(String name) {
    switch (name) {
      case "io_uring" ->
          assumeTrue(IoUring.isAvailable(), () -> "io_uring: " + IoUring.unavailabilityCause());
      case "epoll" ->
          assumeTrue(Epoll.isAvailable(), () -> "epoll: " + Epoll.unavailabilityCause());
      default -> {}
    }
  }

  private static Object reply(RespSocket client, String... command) {
    client.send(command);
    return client.readReply();
  }
}
