package io.redisproxy.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.client.RespClient;
import io.redisproxy.proxy.config.ListenerTls;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.config.UpstreamTls;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import io.redisproxy.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS to a redis-server that only speaks TLS on its TLS port, and TLS on the client port. */
class TlsIT {
  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static RedisServer redis;
  private static int tlsPort;

  @BeforeAll
  static void start() throws IOException {
    certificates = TestCertificates.create(dir, "redis");
    tlsPort = FreePorts.loopback();
    redis =
        RedisServer.start(
            RedisServer.Options.defaults()
                .withDirectives(
                    "tls-port " + tlsPort,
                    "tls-cert-file " + certificates.serverCert(),
                    "tls-key-file " + certificates.serverKey(),
                    "tls-ca-cert-file " + certificates.caCert(),
                    "tls-auth-clients no"));
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static ProxyConfig overTls(UpstreamTls tls, ListenerTls listener) {
    ProxyConfig base = ProxyFixture.config(List.of());
    UpstreamConfig upstream =
        new UpstreamConfig(
            "main",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(new ShardConfig("127.0.0.1:" + tlsPort)),
            null,
            null,
            tls);
    return new ProxyConfig(
        base.listen(),
        base.admin(),
        1,
        List.of(upstream),
        null,
        null,
        base.limits(),
        null,
        null,
        listener);
  }

  @Test
  void theProxyReachesATlsOnlyServerItsCaVouchesFor() {
    try (ProxyServer proxy =
            ProxyServer.start(
                overTls(new UpstreamTls(certificates.caCert().toString(), null, null), null));
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.notReadyReason().isEmpty());
      assertThat(client.command("SET", "over:tls", "yes")).isEqualTo("OK");
      assertThat(client.command("GET", "over:tls")).isEqualTo("yes");
    }
    assertThat(redis.command("GET", "over:tls")).isEqualTo("yes");
  }

  @Test
  void aServerThatNoTrustedCaSignedIsRefusedAndSaysWhy() {
    TestCertificates stranger = TestCertificates.create(dir, "stranger");
    try (ProxyServer proxy =
            ProxyServer.start(
                overTls(new UpstreamTls(stranger.caCert().toString(), null, null), null));
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(proxy.notReadyReason())
                      .hasValueSatisfying(reason -> assertThat(reason).contains("unreachable")));
      assertThatThrownBy(() -> client.command("GET", "over:tls"))
          .hasMessageContaining("unavailable");
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefusedUnlessHostnamesGoUnchecked() {
    UpstreamTls wrongName =
        new UpstreamTls(certificates.caCert().toString(), "redis.example", null);
    try (ProxyServer proxy = ProxyServer.start(overTls(wrongName, null))) {
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> proxy.notReadyReason().isPresent());
      assertThat(proxy.notReadyReason())
          .hasValueSatisfying(
              reason -> assertThat(reason).contains("No subject alternative DNS name"));
    }
    UpstreamTls unchecked =
        new UpstreamTls(certificates.caCert().toString(), "redis.example", false);
    try (ProxyServer proxy = ProxyServer.start(overTls(unchecked, null))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.notReadyReason().isEmpty());
    }
  }

  @Test
  void clientsMaySpeakTlsToTheProxy() throws Exception {
    TestCertificates proxyCertificates = TestCertificates.create(dir, "proxy");
    ListenerTls listener =
        new ListenerTls(
            proxyCertificates.serverCert().toString(), proxyCertificates.serverKey().toString());
    try (ProxyServer proxy =
        ProxyServer.start(
            overTls(new UpstreamTls(certificates.caCert().toString(), null, null), listener))) {
      try (RespClient client =
          RespClient.connect(
              "127.0.0.1",
              proxy.port(),
              Duration.ofSeconds(5),
              new UpstreamTls(proxyCertificates.caCert().toString(), null, null))) {
        assertThat(client.command("PING")).isEqualTo("PONG");
        assertThat(client.command("SET", "client:tls", "1")).isEqualTo("OK");
      }
      // A client that does not speak TLS gets no answer, only a closed connection.
      try (RespSocket plain = RespSocket.connect("127.0.0.1", proxy.port())) {
        assertThatThrownBy(() -> plain.command("PING")).isNotNull();
      }
    }
  }
}
