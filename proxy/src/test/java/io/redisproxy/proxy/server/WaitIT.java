package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.route.ReplicatedShards;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WAIT over two shards, each a primary with one replica: counted by what the replicas hold. */
class WaitIT {
  private static ReplicatedShards shards;
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    shards = ReplicatedShards.start();
    proxy = shards.proxy(ReadPolicy.PRIMARY);
    // A primary streams writes to a new replica only after its first acknowledgement (up to a
    // second after the link is up); until then WAIT rightly counts no replica.
    for (int shard = 0; shard < 2; shard++) {
      shards.primary(shard).command("SET", "warm-up", "1");
      RedisServer replica = shards.replica(shard);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "1".equals(replica.command("GET", "warm-up")));
    }
  }

  @AfterAll
  static void stop() {
    shards.close();
  }

  @Test
  void afterWaitEveryWriteOfTheClientIsOnTheReplicasOfEveryShard() {
    List<String> keys = new ArrayList<>(shards.keysOn(0, 50));
    keys.addAll(shards.keysOn(1, 50));
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      for (int round = 0; round < 5; round++) {
        // Pipelined: WAIT must cover the writes sent just before it.
        for (String key : keys) {
          client.send("SET", key, "round-" + round);
        }
        client.send("WAIT", "1", "2000");
        for (int i = 0; i < keys.size(); i++) {
          assertThat(client.readReply()).isEqualTo("OK");
        }
        assertThat(client.readReply()).isEqualTo(1L);
        for (String key : keys) {
          int shard = shards.keysOn(0, 50).contains(key) ? 0 : 1;
          assertThat(shards.replica(shard).command("GET", key)).isEqualTo("round-" + round);
        }
      }
    }
  }

  @Test
  void waitingForMoreReplicasThanThereAreAnswersTheCountAtTheTimeout() {
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      client.command("SET", "w", "1");
      long start = System.nanoTime();
      assertThat(client.command("WAIT", "2", "300")).isEqualTo(1L);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofSeconds(3));
      assertThat(client.command("WAIT", "0", "0")).isEqualTo(1L);
      assertThatThrownBy(() -> client.command("WAIT", "one", "0"))
          .hasMessage("ERR value is not an integer or out of range");
      assertThat(client.command("PING")).isEqualTo("PONG");
    }
  }
}
