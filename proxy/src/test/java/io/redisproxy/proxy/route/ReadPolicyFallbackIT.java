package io.redisproxy.proxy.route;

import static io.redisproxy.proxy.route.ReplicatedShards.calls;
import static io.redisproxy.proxy.route.ReplicatedShards.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each read policy does when a node of a shard dies or a replica loses its primary: two
 * shards, each a primary with one replica, fresh for every test.
 */
class ReadPolicyFallbackIT {
  private static final String NO_REPLICA_OF_SHARD_0 =
      "ERR no healthy replica of main/shard-0 for readPolicy replica";
  // A replica's health is polled once a second; this bounds detection with room for a slow CI.
  private static final Duration DETECTION = Duration.ofSeconds(5);
  private static final int KEYS_PER_SHARD = 20;

  private ReplicatedShards shards;
  private List<String> onShard0;
  private List<String> onShard1;

  @BeforeEach
  void start() {
    shards = ReplicatedShards.start();
    onShard0 = shards.keysOn(0, KEYS_PER_SHARD);
    onShard1 = shards.keysOn(1, KEYS_PER_SHARD);
  }

  @AfterEach
  void stop() {
    shards.close();
  }

  @Test
  void replicaPolicyFailsClearlyForTheShardWhoseReplicaDied() {
    ProxyServer proxy = shards.proxy(ReadPolicy.REPLICA);
    try (RespSocket client = connect(proxy)) {
      writeKeys(client);
      shards.replica(0).kill();

      await()
          .atMost(DETECTION)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> client.command("GET", onShard0.get(0)))
                      .hasMessage(NO_REPLICA_OF_SHARD_0));
      for (String key : onShard0) {
        assertThatThrownBy(() -> client.command("GET", key)).hasMessage(NO_REPLICA_OF_SHARD_0);
      }
      assertReadsSucceed(client, onShard1);
    }
  }

  @Test
  void preferReplicaFallsBackToThePrimaryWhenItsReplicaDies() {
    ProxyServer proxy = shards.proxy(ReadPolicy.PREFER_REPLICA);
    try (RespSocket client = connect(proxy)) {
      writeKeys(client);
      shards.replica(0).kill();

      await().atMost(DETECTION).until(() -> readSucceeds(client, onShard0.get(0)));
      resetStatsOfLiveServers();
      assertReadsSucceed(client, onShard0);
      assertReadsSucceed(client, onShard1);
    }
    assertThat(calls(shards.primary(0), "get")).isEqualTo(KEYS_PER_SHARD);
    assertThat(calls(shards.replica(1), "get")).isEqualTo(KEYS_PER_SHARD);
    assertThat(calls(shards.primary(1), "get")).isZero();
  }

  @Test
  void preferPrimaryReadsFromTheReplicaWhenThePrimaryDies() {
    ProxyServer proxy = shards.proxy(ReadPolicy.PREFER_PRIMARY);
    try (RespSocket client = connect(proxy)) {
      writeKeys(client);
      shards.primary(0).kill();

      await().atMost(DETECTION).until(() -> readSucceeds(client, onShard0.get(0)));
      // Once the poll sees the replica lost its primary, it is still the only copy left.
      await()
          .atMost(DETECTION)
          .until(() -> metric(proxy, "redisproxy_replica_link_up", shards.replica(0)) == 0.0);
      resetStatsOfLiveServers();
      assertReadsSucceed(client, onShard0);
      assertReadsSucceed(client, onShard1);
      assertThatThrownBy(() -> client.command("SET", onShard0.get(0), "lost"))
          .isInstanceOf(RedisErrorReply.class)
          .hasMessageContaining("upstream main/" + shards.primary(0).address() + " unavailable");
    }
    assertThat(calls(shards.replica(0), "get")).isEqualTo(KEYS_PER_SHARD);
    assertThat(calls(shards.primary(1), "get")).isEqualTo(KEYS_PER_SHARD);
    assertThat(calls(shards.replica(1), "get")).isZero();
  }

  @Test
  void aReplicaWhosePrimaryDiedIsSkippedByReplicaPolicy() {
    ProxyServer strict = shards.proxy(ReadPolicy.REPLICA);
    ProxyServer lenient = shards.proxy(ReadPolicy.PREFER_REPLICA);
    try (RespSocket strictClient = connect(strict);
        RespSocket lenientClient = connect(lenient)) {
      writeKeys(strictClient);
      shards.primary(0).kill();

      await()
          .atMost(DETECTION)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> strictClient.command("GET", onShard0.get(0)))
                      .hasMessage(NO_REPLICA_OF_SHARD_0));
      assertReadsSucceed(strictClient, onShard1);
      // With its primary gone too, preferReplica still reads the replica's last copy.
      await()
          .atMost(DETECTION)
          .until(() -> metric(lenient, "redisproxy_replica_link_up", shards.replica(0)) == 0.0);
      assertReadsSucceed(lenientClient, onShard0);
    }
  }

  @Test
  void aReplicaWithABrokenLinkIsSkippedAndItsLagShowsUntilItResyncs() {
    RedisServer primary = shards.primary(0);
    RedisServer replica = shards.replica(0);
    ProxyServer strict = shards.proxy(ReadPolicy.REPLICA);
    ProxyServer lenient = shards.proxy(ReadPolicy.PREFER_REPLICA);
    try (RespSocket strictClient = connect(strict);
        RespSocket lenientClient = connect(lenient)) {
      writeKeys(strictClient);
      awaitInSync(strict, replica);

      replica.command("REPLICAOF", "127.0.0.1", String.valueOf(deadPort()));
      await()
          .atMost(DETECTION)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> strictClient.command("GET", onShard0.get(0)))
                      .hasMessage(NO_REPLICA_OF_SHARD_0));
      assertReadsSucceed(strictClient, onShard1);
      await()
          .atMost(DETECTION)
          .until(() -> metric(lenient, "redisproxy_replica_link_up", replica) == 0.0);
      shards.resetStats();
      assertReadsSucceed(lenientClient, onShard0);
      assertThat(calls(primary, "get")).isEqualTo(KEYS_PER_SHARD);
      assertThat(calls(replica, "get")).isZero();

      for (String key : onShard0) {
        lenientClient.command("SET", key, "newer:" + key);
      }
      await()
          .atMost(DETECTION)
          .untilAsserted(
              () -> {
                assertThat(metric(strict, "redisproxy_replica_lag_bytes", replica)).isPositive();
                assertThat(metric(strict, "redisproxy_replica_lag_seconds", replica))
                    .isGreaterThanOrEqualTo(1.0);
              });

      replica.command("REPLICAOF", primary.host(), String.valueOf(primary.port()));
      await().atMost(DETECTION).until(() -> readSucceeds(strictClient, onShard0.get(0)));
      shards.awaitReplicated();
      for (String key : onShard0) {
        assertThat(strictClient.command("GET", key)).isEqualTo("newer:" + key);
      }
      awaitInSync(strict, replica);
    }
  }

  /** Waits until a health poll of {@code proxy} finds {@code replica} linked and caught up. */
  private static void awaitInSync(ProxyServer proxy, RedisServer replica) {
    await()
        .atMost(DETECTION)
        .untilAsserted(
            () -> {
              assertThat(metric(proxy, "redisproxy_replica_link_up", replica)).isEqualTo(1.0);
              assertThat(metric(proxy, "redisproxy_replica_lag_bytes", replica)).isZero();
              assertThat(metric(proxy, "redisproxy_replica_lag_seconds", replica)).isZero();
            });
  }

  /** Writes every key and waits until the replicas have them too. */
  private void writeKeys(RespSocket client) {
    for (String key : onShard0) {
      assertThat(client.command("SET", key, "value:" + key)).isEqualTo("OK");
    }
    for (String key : onShard1) {
      assertThat(client.command("SET", key, "value:" + key)).isEqualTo("OK");
    }
    shards.awaitReplicated();
  }

  private static void assertReadsSucceed(RespSocket client, List<String> keys) {
    for (String key : keys) {
      assertThat((String) client.command("GET", key)).endsWith(":" + key);
    }
  }

  private static boolean readSucceeds(RespSocket client, String key) {
    try {
      client.command("GET", key);
      return true;
    } catch (RedisErrorReply e) {
      return false;
    }
  }

  private void resetStatsOfLiveServers() {
    shards.all().stream()
        .filter(RedisServer::isAlive)
        .forEach(server -> server.command("CONFIG", "RESETSTAT"));
  }

  private static RespSocket connect(ProxyServer proxy) {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }

  /** A loopback port nothing listens on, so a replica pointed there never gets its link up. */
  private static int deadPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
