package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pub/sub through the proxy over a Redis Cluster, which broadcasts every PUBLISH to every node: a
 * subscriber still gets each message once, and shard channels live on their slot's primary.
 */
class ClusterPubSubIT {
  private static RedisCluster cluster;
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start(3, 1);
    proxy = ProxyServer.start(ProxyFixture.clusterConfig("events", cluster.seeds(), null));
  }

  @AfterAll
  static void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private static RespSocket client() {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }

  /** Channels named {@code prefix0, prefix1, ...} until every primary owns one's slot. */
  private static List<String> channelsOnEveryPrimary(String prefix) {
    List<String> channels = new ArrayList<>();
    Set<RedisServer> primaries = new HashSet<>();
    for (int i = 0; primaries.size() < 3; i++) {
      channels.add(prefix + i);
      primaries.add(cluster.primaryOf(prefix + i));
    }
    return channels;
  }

  @Test
  void trackedReadsOnEveryPrimaryAreInvalidatedThroughTheRedirectTarget() {
    List<String> keys = channelsOnEveryPrimary("cached.");
    try (RespSocket receiver = client();
        RespSocket tracker = client();
        RespSocket writer = client()) {
      long id = (Long) receiver.command("CLIENT", "ID");
      receiver.send("SUBSCRIBE", "__redis__:invalidate");
      assertThat(receiver.readReply()).isEqualTo(List.of("subscribe", "__redis__:invalidate", 1L));
      assertThat(tracker.command("CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(id)))
          .isEqualTo("OK");
      for (String key : keys) {
        writer.command("SET", key, "v1");
        assertThat(tracker.command("GET", key)).isEqualTo("v1");
      }
      for (String key : keys) {
        writer.command("SET", key, "v2");
        assertThat(receiver.readReply())
            .isEqualTo(List.of("message", "__redis__:invalidate", List.of(key)));
      }
    }
  }

  @Test
  void keyspaceNotificationsComeFromEveryPrimary() {
    List<String> keys = channelsOnEveryPrimary("key.");
    try (RespSocket subscriber = client();
        RespSocket writer = client()) {
      assertThat(writer.command("CONFIG", "SET", "notify-keyspace-events", "KEA")).isEqualTo("OK");
      subscriber.send("PSUBSCRIBE", "__keyspace@0__:key.*");
      assertThat(subscriber.readReply())
          .isEqualTo(List.of("psubscribe", "__keyspace@0__:key.*", 1L));
      subscriber.send("SUBSCRIBE", "__keyevent@0__:del", "__keyspace@0__:" + keys.get(2));
      assertThat(subscriber.readReply()).isEqualTo(List.of("subscribe", "__keyevent@0__:del", 2L));
      assertThat(subscriber.readReply())
          .isEqualTo(List.of("subscribe", "__keyspace@0__:" + keys.get(2), 3L));
      for (String key : keys) {
        writer.command("SET", key, "v");
        boolean watched = key.equals(keys.get(2));
        Set<Object> set = new HashSet<>();
        for (int i = 0; i < (watched ? 2 : 1); i++) {
          set.add(subscriber.readReply());
        }
        assertThat(set)
            .contains(List.of("pmessage", "__keyspace@0__:key.*", "__keyspace@0__:" + key, "set"));
        if (watched) {
          assertThat(set).contains(List.of("message", "__keyspace@0__:" + key, "set"));
        }
        writer.command("UNLINK", key);
        Set<Object> heard = new HashSet<>();
        int expected = watched ? 3 : 2;
        for (int i = 0; i < expected; i++) {
          heard.add(subscriber.readReply());
        }
        assertThat(heard).contains(List.of("message", "__keyevent@0__:del", key));
      }
    } finally {
      try (RespSocket admin = client()) {
        admin.command("CONFIG", "SET", "notify-keyspace-events", "");
      }
    }
  }

  @Test
  void channelsAndPatternsDeliverEachMessageOnce() {
    List<String> channels = channelsOnEveryPrimary("feed.");
    try (RespSocket subscriber = client();
        RespSocket publisher = client()) {
      subscriber.send("SUBSCRIBE", channels.get(0));
      assertThat(subscriber.readReply()).isEqualTo(List.of("subscribe", channels.get(0), 1L));
      subscriber.send("PSUBSCRIBE", "feed.*");
      assertThat(subscriber.readReply()).isEqualTo(List.of("psubscribe", "feed.*", 2L));
      for (String channel : channels) {
        publisher.command("PUBLISH", channel, "x");
      }
      // The channel and the pattern are held on different nodes: no order between the two.
      List<Object> expected = new ArrayList<>();
      expected.add(List.of("message", channels.get(0), "x"));
      for (String channel : channels) {
        expected.add(List.of("pmessage", "feed.*", channel, "x"));
      }
      List<Object> messages = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        messages.add(subscriber.readReply());
      }
      assertThat(messages).containsExactlyInAnyOrderElementsOf(expected);
      subscriber.send("PING", "end");
      assertThat(subscriber.readReply()).isEqualTo(List.of("pong", "end"));
    }
  }

  @Test
  void shardChannelsAreHeldByTheirSlotsPrimary() {
    List<String> channels = channelsOnEveryPrimary("orders.");
    try (RespSocket subscriber = client();
        RespSocket publisher = client()) {
      for (int i = 0; i < channels.size(); i++) {
        subscriber.send("SSUBSCRIBE", channels.get(i));
        assertThat(subscriber.readReply())
            .isEqualTo(List.of("ssubscribe", channels.get(i), (long) i + 1));
      }
      for (String channel : channels) {
        RedisServer owner = cluster.primaryOf(channel);
        assertThat(owner.command("PUBSUB", "SHARDNUMSUB", channel)).isEqualTo(List.of(channel, 1L));
        assertThat(publisher.command("SPUBLISH", channel, "paid")).isEqualTo(1L);
        assertThat(subscriber.readReply()).isEqualTo(List.of("smessage", channel, "paid"));
      }
      String elsewhere =
          channels.stream()
              .filter(c -> !cluster.primaryOf(c).equals(cluster.primaryOf(channels.get(0))))
              .findFirst()
              .orElseThrow();
      subscriber.send("SSUBSCRIBE", channels.get(0), elsewhere);
      assertThat(((RedisErrorReply) subscriber.readReply()).getMessage()).startsWith("CROSSSLOT");
      subscriber.send("SUNSUBSCRIBE");
      for (int i = 0; i < channels.size(); i++) {
        assertThat(subscriber.readReply())
            .isEqualTo(List.of("sunsubscribe", channels.get(i), (long) channels.size() - i - 1));
      }
      assertThat(subscriber.command("GET", "after")).isNull();
    }
  }
}
