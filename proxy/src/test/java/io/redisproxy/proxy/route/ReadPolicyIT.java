package io.redisproxy.proxy.route;

import static io.redisproxy.proxy.route.ReplicatedShards.calls;
import static io.redisproxy.proxy.route.ReplicatedShards.metric;
import static io.redisproxy.proxy.route.ReplicatedShards.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where each read policy sends reads, counted by the servers themselves: two shards, each a primary
 * with one replica, all healthy.
 */
class ReadPolicyIT {
  private static final int KEYS_PER_SHARD = 100;

  private static ReplicatedShards shards;
  private static List<String> keys;

  @BeforeAll
  static void startServers() {
    shards = ReplicatedShards.start();
    keys = new ArrayList<>(shards.keysOn(0, KEYS_PER_SHARD));
    keys.addAll(shards.keysOn(1, KEYS_PER_SHARD));
  }

  @AfterAll
  static void stopServers() {
    shards.close();
  }

  @ParameterizedTest
  @EnumSource(ReadPolicy.class)
  void writesAlwaysGoToThePrimaries(ReadPolicy policy) {
    try (ProxyServer proxy = shards.proxy(policy);
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      shards.resetStats();
      for (String key : keys) {
        assertThat(client.command("SET", key, policy + ":" + key)).isEqualTo("OK");
      }
      assertThat(client.command("MSET", keys.get(0), "m0", keys.get(KEYS_PER_SHARD), "m1"))
          .isEqualTo("OK");
      assertThat(client.command("DEL", keys.get(0), keys.get(KEYS_PER_SHARD))).isEqualTo(2L);
    }

    assertThat(calls(shards.primary(0), "set") + calls(shards.primary(1), "set"))
        .isEqualTo(keys.size());
    for (int shard = 0; shard < 2; shard++) {
      assertThat(calls(shards.primary(shard), "mset")).isEqualTo(1);
      assertThat(calls(shards.primary(shard), "del")).isEqualTo(1);
      for (String command : List.of("set", "mset", "del")) {
        assertThat(rejected(shards.replica(shard), command)).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ReadPolicy.class)
  void readsGoWhereThePolicySendsThem(ReadPolicy policy) {
    try (ProxyServer proxy = shards.proxy(policy);
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      for (String key : keys) {
        client.command("SET", key, policy + ":" + key);
      }
      shards.awaitReplicated();
      shards.resetStats();

      for (String key : keys) {
        assertThat(client.command("GET", key)).isEqualTo(policy + ":" + key);
      }
      assertThat(client.command("MGET", keys.get(0), keys.get(KEYS_PER_SHARD)))
          .isEqualTo(List.of(policy + ":" + keys.get(0), policy + ":" + keys.get(KEYS_PER_SHARD)));
    }

    Set<RedisServer> readers = readersFor(policy);
    long gets = 0;
    for (RedisServer server : shards.all()) {
      long served = calls(server, "get");
      gets += served;
      String who =
          server == shards.primary(0) || server == shards.primary(1) ? "primary" : "replica";
      if (readers.contains(server)) {
        assertThat(served).as("GETs served by %s %s", who, server).isPositive();
        assertThat(calls(server, "mget") + calls(partner(server), "mget"))
            .as("MGET parts on the shard of %s", server)
            .isEqualTo(1);
      } else {
        assertThat(served).as("GETs served by %s %s", who, server).isZero();
        assertThat(calls(server, "mget")).as("MGET parts on %s", server).isZero();
      }
    }
    assertThat(gets).isEqualTo(keys.size());
  }

  @Test
  void aReloadChangesThePolicyAndForgetsRemovedReplicas() {
    try (ProxyServer proxy = shards.proxy(ReadPolicy.PRIMARY);
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      for (String key : keys) {
        client.command("SET", key, "reloaded:" + key);
      }
      shards.awaitReplicated();
      assertThat(metric(proxy, "redisproxy_replica_link_up", shards.replica(1))).isEqualTo(1.0);

      proxy.reload(shards.config(ReadPolicy.REPLICA));
      shards.resetStats();
      readAll(client);
      assertThat(calls(shards.replica(0), "get")).isEqualTo(KEYS_PER_SHARD);
      assertThat(calls(shards.replica(1), "get")).isEqualTo(KEYS_PER_SHARD);

      proxy.reload(shards.config(ReadPolicy.PREFER_REPLICA, 1));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> metric(proxy, "redisproxy_replica_link_up", shards.replica(1)) == null);
      assertThat(metric(proxy, "redisproxy_replica_link_up", shards.replica(0))).isEqualTo(1.0);
      shards.resetStats();
      readAll(client);
      assertThat(calls(shards.replica(0), "get")).isEqualTo(KEYS_PER_SHARD);
      assertThat(calls(shards.primary(1), "get")).isEqualTo(KEYS_PER_SHARD);
      assertThat(calls(shards.replica(1), "get")).isZero();
    }
  }

  private static void readAll(RespSocket client) {
    for (String key : keys) {
      assertThat(client.command("GET", key)).isEqualTo("reloaded:" + key);
    }
  }

  private static Set<RedisServer> readersFor(ReadPolicy policy) {
    Set<RedisServer> primaries = Set.of(shards.primary(0), shards.primary(1));
    Set<RedisServer> replicas = Set.of(shards.replica(0), shards.replica(1));
    return switch (policy) {
      case PRIMARY, PREFER_PRIMARY -> primaries;
      case REPLICA, PREFER_REPLICA -> replicas;
      case ANY -> Set.copyOf(shards.all());
    };
  }

  /** The other server of the same shard. */
  private static RedisServer partner(RedisServer server) {
    List<RedisServer> all = shards.all();
    int index = all.indexOf(server);
    return all.get(index % 2 == 0 ? index + 1 : index - 1);
  }
}
