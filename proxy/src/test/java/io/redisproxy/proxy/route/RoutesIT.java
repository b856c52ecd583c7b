package io.redisproxy.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
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

  @BeforeAll
  static void start() {
    redis = RedisServers.start(3);
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
                    ProxyFixture.upstream("replica-region", List.of(readSide().address()))),
                List.of(
                    new RouteConfig("Session:", "sessions", null, null, true),
                    new RouteConfig("user:", "main", null, "replica-region", null),
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
      assertThat(client.command("DBSIZE")).isEqualTo(written);
    }
    assertThat(main().command("GET", "user:1")).isEqualTo("written");
  }
}
