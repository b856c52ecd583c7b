package io.redisproxy.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prefix routes with their options, over three single-server groups. */
class RoutesIT {
  private static RedisServers redis;
  private static ProxyServer proxy;

  private static RedisServer main() {
    return redis.get(0);
  }

  private static RedisServer sessions() {
    return redis.get(1);
  }

  private static RedisServer readSide() {
    return redis.get(2);
  }

  /** The two shards of the group whose route removes its prefix. */
  private static List<RedisServer> cache() {
    return List.of(redis.get(3), redis.get(4));
  }

  private static List<String> cacheAddresses() {
    return cache().stream().map(RedisServer::address).toList();
  }

  @BeforeAll
  static void start() {
    redis = RedisServers.start(5);
    ProxyConfig base = ProxyFixture.config(List.of());
    proxy =
        ProxyServer.start(
            new ProxyConfig(
                base.listen(),
                base.admin(),
                1,
                List.of(
                    ProxyFixture.upstream("main", List.of(main().address())),
                    ProxyFixture.upstream("sessions", List.of(sessions().address())),
                    ProxyFixture.upstream("replica-region", List.of(readSide().address())),
                    ProxyFixture.upstream("cache", cacheAddresses())),
                List.of(
                    new RouteConfig("Session:", "sessions", null, null, true, null),
                    new RouteConfig("cache:", "cache", null, null, null, true),
                    new RouteConfig("user:", "main", null, "replica-region", null, null),
                    new RouteConfig("", "main")),
                null,
                base.limits(),
                null));
  }

  @AfterAll
  static void stop() {
    try {
      proxy.close();
    } finally {
      redis.close();
    }
  }

  @Test
  void aCaseInsensitivePrefixMatchesInAnyCase() {
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      client.command("SET", "SESSION:1", "a");
      client.command("SET", "session:2", "b");
      client.command("SET", "sessions-other", "c");
    }
    assertThat(sessions().command("MGET", "SESSION:1", "session:2")).isEqualTo(List.of("a", "b"));
    assertThat(main().command("GET", "sessions-other")).isEqualTo("c");
  }

  @Test
  void aRouteMayReadFromAnotherGroupThanItWritesTo() {
    readSide().command("MSET", "user:1", "from-read-side", "user:2", "r2");
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      assertThat(client.command("SET", "user:1", "written")).isEqualTo("OK");
      assertThat(client.command("GET", "user:1")).isEqualTo("from-read-side");
      assertThat(client.command("MGET", "user:1", "user:2", "user:3"))
          .isEqualTo(Arrays.asList("from-read-side", "r2", null));
      // The read-only group is no part of the keyspace: DBSIZE counts what the proxy writes.
      long written = (Long) main().command("DBSIZE") + (Long) sessions().command("DBSIZE");
      for (RedisServer shard : cache()) {
        written += (Long) shard.command("DBSIZE");
      }
      assertThat(client.command("DBSIZE")).isEqualTo(written);
    }
    assertThat(main().command("GET", "user:1")).isEqualTo("written");
  }

  @Test
  void aRouteThatRemovesItsPrefixStoresAndHashesTheKeysWithoutIt() throws Exception {
    List<String> keys = new ArrayList<>();
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      for (int i = 0; i < 40; i++) {
        assertThat(client.command("SET", "cache:k" + i, "v" + i)).isEqualTo("OK");
        keys.add("k" + i);
      }
      assertThat(client.command("MSET", "cache:m1", "1", "cache:m2", "2")).isEqualTo("OK");
      assertThat(client.command("MGET", "cache:k0", "cache:m2", "cache:none"))
          .isEqualTo(Arrays.asList("v0", "2", null));
      assertThat(client.command("EVAL", "return KEYS[1]", "1", "cache:k1")).isEqualTo("k1");
      client.command("RPUSH", "cache:queue", "job");
      // Replies that name a key name it as the upstream holds it.
      assertThat(client.command("BLPOP", "cache:queue", "1")).isEqualTo(List.of("queue", "job"));
      assertThat(client.command("MULTI")).isEqualTo("OK");
      assertThat(client.command("INCR", "cache:counter")).isEqualTo("QUEUED");
      assertThat(client.command("EXEC")).isEqualTo(List.of(1L));
      assertThat(client.command("DEL", "cache:m1", "cache:m2", "cache:none")).isEqualTo(2L);
    }
    long held = 0;
    for (RedisServer shard : cache()) {
      assertThat((List<?>) shard.command("KEYS", "cache:*")).isEmpty();
      held += (Long) shard.command("DBSIZE");
    }
    assertThat(held).isEqualTo(keys.size() + 1);
    // A proxy over the same group without the route finds every key where the ring puts it.
    ProxyConfig base = ProxyFixture.config(cacheAddresses());
    try (ProxyServer plain = ProxyServer.start(base);
        RespSocket client = RespSocket.connect("127.0.0.1", plain.port())) {
      for (int i = 0; i < keys.size(); i++) {
        assertThat(client.command("GET", keys.get(i))).isEqualTo("v" + i);
      }
      assertThat(client.command("GET", "counter")).isEqualTo("1");
    }
    assertThat(main().command("EXISTS", "cache:k0", "k0")).isEqualTo(0L);
  }

  @Test
  void sortPatternsAreServedWhereEveryKeyTheyNameTakesTheSortedKeysRouteAndShard() {
    readSide().command("RPUSH", "user:list", "2", "1");
    readSide().command("MSET", "user:w_1", "5", "user:w_2", "3");
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      client.command("RPUSH", "plist", "2", "1");
      client.command("MSET", "pw_1", "5", "pw_2", "3", "po_1", "one");
      // One-server group: any pattern whose keys take its route.
      assertThat(client.command("SORT", "plist", "BY", "pw_*", "GET", "po_*", "GET", "#"))
          .isEqualTo(Arrays.asList(null, "2", "one", "1"));
      // SORT_RO reads the sorted key and the pattern's keys from the route's read group.
      assertThat(client.command("SORT_RO", "user:list", "BY", "user:w_*"))
          .isEqualTo(List.of("2", "1"));
      // Keys of another route, or keys that some longer route prefix may take.
      for (String pattern : List.of("session:*", "s*", "*", "user*")) {
        assertThatThrownBy(() -> client.command("SORT", "plist", "GET", pattern))
            .isInstanceOf(RedisErrorReply.class)
            .hasMessageStartingWith(
                "ERR SORT pattern '"
                    + pattern
                    + "' is not served by the proxy: the keys it names"
                    + " may live on other shards than the sorted key");
      }
      assertThatThrownBy(() -> client.command("SORT", "cache:{t}list", "BY", "cache:{t}w_*"))
          .isInstanceOf(RedisErrorReply.class)
          .hasMessage(
              "ERR SORT pattern 'cache:{t}w_*' is not served by the proxy: its route removes the"
                  + " prefix of the keys it names, which Redis would not");
    }
  }
}
