package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.AuthConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AUTH towards clients and towards the shards, with Redis' own error texts. */
class AuthIT {
  private static final AuthConfig AUTH =
      new AuthConfig(List.of("secret"), List.of(new AuthConfig.User("app", "apppass")));

  @Test
  void clientsMustAuthenticateWithAPasswordOrAUser() {
    try (ProxyFixture fixture =
            ProxyFixture.start(2, config -> ProxyFixture.withAuth(config, AUTH));
        RespSocket client = fixture.client()) {
      assertThatThrownBy(() -> client.command("GET", "k"))
          .hasMessage("NOAUTH Authentication required.");
      assertThatThrownBy(() -> client.command("AUTH", "wrong"))
          .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
      assertThatThrownBy(() -> client.command("AUTH", "app", "secret"))
          .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
      assertThatThrownBy(() -> client.command("PING"))
          .hasMessage("NOAUTH Authentication required.");
      assertThat(fixture.redis().get(0).command("DBSIZE")).isEqualTo(0L);
    }
  }

  @Test
  void theRightCredentialsOpenTheDoor() {
    try (ProxyFixture fixture =
            ProxyFixture.start(2, config -> ProxyFixture.withAuth(config, AUTH));
        RespSocket byPassword = fixture.client();
        RespSocket byUser = fixture.client();
        RespSocket byHello = fixture.client()) {
      assertThat(byPassword.command("AUTH", "secret")).isEqualTo("OK");
      assertThat(byPassword.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(byUser.command("AUTH", "app", "apppass")).isEqualTo("OK");
      assertThat(byUser.command("GET", "k")).isEqualTo("v");
      assertThat(byHello.command("HELLO", "2", "AUTH", "app", "apppass").toString())
          .contains("proto");
      assertThat(byHello.command("GET", "k")).isEqualTo("v");
    }
  }

  @Test
  void authWithoutConfiguredPasswordsSaysWhatRedisSays() {
    try (ProxyFixture fixture = ProxyFixture.start(1);
        RespSocket client = fixture.client()) {
      assertThatThrownBy(() -> client.command("AUTH", "x"))
          .hasMessage(
              "ERR AUTH <password> called without any password configured for the default"
                  + " user. Are you sure your configuration is correct?");
      assertThat(client.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void theProxyAuthenticatesToShardsThatRequireIt() {
    RedisServer.Options secured =
        RedisServer.Options.defaults()
            .withDirectives("requirepass shardpass", "user proxy on >userpass ~* &* +@all");
    try (RedisServers shards = RedisServers.start(2, secured)) {
      try (ProxyServer byPassword = ProxyServer.start(config(shards, null, "shardpass"));
          RespSocket client = RespSocket.connect("127.0.0.1", byPassword.port())) {
        assertThat(client.command("SET", "a", "1")).isEqualTo("OK");
        assertThat(client.command("GET", "a")).isEqualTo("1");
      }
      try (ProxyServer byUser = ProxyServer.start(config(shards, "proxy", "userpass"));
          RespSocket client = RespSocket.connect("127.0.0.1", byUser.port())) {
        assertThat(client.command("GET", "a")).isEqualTo("1");
      }
      try (ProxyServer wrong = ProxyServer.start(config(shards, null, "nope"));
          RespSocket client = RespSocket.connect("127.0.0.1", wrong.port())) {
        assertThatThrownBy(() -> client.command("GET", "a"))
            .hasMessageStartingWith("ERR upstream main/")
            .hasMessageContaining("authentication failed: WRONGPASS");
      }
    }
  }

  private static ProxyConfig config(RedisServers shards, String user, String password) {
    UpstreamConfig upstream =
        new UpstreamConfig(
            "main",
            null,
            null,
            null,
            null,
            null,
            new UpstreamConfig.UpstreamAuth(user, password),
            shards.addresses().stream().map(ShardConfig::new).toList());
    return ProxyFixture.config(upstream);
  }
}
