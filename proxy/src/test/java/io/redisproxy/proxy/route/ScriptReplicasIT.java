package io.redisproxy.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads sent to replicas find the scripts and functions loaded through the proxy: Redis 7
 * replicates FUNCTION LOAD but not SCRIPT LOAD, so the proxy loads scripts on replicas itself, and
 * again on a replica that restarted without them. Each reply is the one a direct redis-server
 * gives.
 */
class ScriptReplicasIT {
  private static final String SCRIPT = "return redis.call('GET', KEYS[1])";
  private static final String LIBRARY =
      "#!lua name=readers\n"
          + "redis.register_function{function_name='peek', callback=function(keys, args)"
          + " return redis.call('GET', keys[1]) end, flags={'no-writes'}}";

  private ReplicatedShards shards;
  private RedisServer direct;
  private ProxyServer proxy;

  @BeforeEach
  void start() {
    shards = ReplicatedShards.start();
    direct = RedisServer.start();
    proxy = shards.proxy(ReadPolicy.REPLICA);
  }

  @AfterEach
  void stop() {
    try {
      shards.close();
    } finally {
      direct.close();
    }
  }

  @Test
  void evalshaReadOnlyOnReplicasFindsScriptsLoadedThroughTheProxy() {
    String key = shards.keysOn(0, 1).get(0);
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port());
        RespSocket expected = direct.connect()) {
      Object sha = same(client, expected, "SCRIPT", "LOAD", SCRIPT);
      same(client, expected, "SET", key, "v");
      shards.awaitReplicated();
      for (int shard = 0; shard < 2; shard++) {
        assertThat(shards.replica(shard).command("SCRIPT", "EXISTS", (String) sha))
            .isEqualTo(List.of(1L));
      }
      shards.resetStats();
      same(client, expected, "EVALSHA_RO", (String) sha, "1", key);
      assertThat(ReplicatedShards.calls(shards.replica(0), "evalsha_ro")).isEqualTo(1);

      RedisServer replica = shards.replica(0);
      replica.restart();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> "up".equals(replica.info("replication").get("master_link_status")));
      assertThat(replica.command("SCRIPT", "EXISTS", (String) sha)).isEqualTo(List.of(0L));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ReplicatedShards.metric(proxy, "redisproxy_upstream_up", replica) == 1.0);
      awaitReadFromReplica(client, key);
      same(client, expected, "EVALSHA_RO", (String) sha, "1", key);
      assertThat(ReplicatedShards.calls(replica, "script|load")).isEqualTo(1);
      assertThat(replica.command("SCRIPT", "EXISTS", (String) sha)).isEqualTo(List.of(1L));
    }
  }

  @Test
  void functionCallsReadOnlyOnReplicasFindFunctionsLoadedThroughTheProxy() {
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port());
        RespSocket expected = direct.connect()) {
      same(client, expected, "FUNCTION", "LOAD", LIBRARY);
      for (int shard = 0; shard < 2; shard++) {
        String key = shards.keysOn(shard, 1).get(0);
        same(client, expected, "SET", key, "v" + shard);
      }
      shards.awaitReplicated();
      shards.resetStats();
      for (int shard = 0; shard < 2; shard++) {
        same(client, expected, "FCALL_RO", "peek", "1", shards.keysOn(shard, 1).get(0));
        assertThat(ReplicatedShards.calls(shards.replica(shard), "fcall_ro")).isEqualTo(1);
      }
    }
  }

  /** Until the replica that restarted serves reads again, as the proxy's replication poll sees. */
  private void awaitReadFromReplica(RespSocket client, String key) {
    shards.resetStats();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              client.command("GET", key);
              return ReplicatedShards.calls(shards.replica(0), "get") > 0;
            });
  }

  private static Object same(RespSocket client, RespSocket expected, String... command) {
    Object reply = replyOrError(expected, command);
    assertThat(replyOrError(client, command)).as("reply to %s", List.of(command)).isEqualTo(reply);
    return reply;
  }

  private static Object replyOrError(RespSocket socket, String... command) {
    try {
      return socket.command(command);
    } catch (RedisErrorReply e) {
      return e.getMessage();
    }
  }
}
