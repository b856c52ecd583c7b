package io.redisproxy.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.metrics.ProxyMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private static final List<String> SECRETS =
      List.of("upstream-secret-1", "client-secret-2", "client-secret-3", "user-secret-4");

  private static final ProxyConfig CONFIG =
      ConfigCodec.parse(
          """
          listen: {host: 127.0.0.1, port: 6380}
          upstreams:
            - name: main
              auth: {username: proxy, password: upstream-secret-1}
              shards:
                - primary: 127.0.0.1:7001
          auth:
            passwords: [client-secret-2, client-secret-3]
            users:
              - name: app
                password: user-secret-4
          """);

  private final ProxyMetrics metrics = ProxyMetrics.create();
  private final AtomicReference<Optional<String>> notReady =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<Optional<String>> degraded =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<ProxyConfig> config = new AtomicReference<>(CONFIG);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private EventLoopGroup group;
  private AdminServer server;

  @BeforeEach
  void start() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Readiness readiness =
        new Readiness() {
          @Override
          public Optional<String> notReadyReason() {
            return notReady.get();
          }

          @Override
          public Optional<String> degradation() {
            return degraded.get();
          }
        };
    AdminRoutes routes = AdminRoutes.standard(metrics, readiness, config::get);
    server = AdminServer.start("127.0.0.1", 0, group, NioServerSocketChannel.class, routes);
  }

  @AfterEach
  void stop() {
    server.close();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void healthzAnswersOkWithContentLength() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
    assertThat(response.headers().firstValue("content-length")).hasValue("3");
  }

  @Test
  void readyzFollowsTheReadinessAnswerOnEveryRequest() throws Exception {
    notReady.set(Optional.of("upstream main shard 127.0.0.1:7001 unreachable"));
    HttpResponse<String> down = get("/readyz");
    notReady.set(Optional.empty());
    HttpResponse<String> up = get("/readyz");

    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body())
        .isEqualTo("not ready: upstream main shard 127.0.0.1:7001 unreachable\n");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("ready\n");
  }

  @Test
  void readyzSaysWhatFailsWhileTheRestIsServed() throws Exception {
    degraded.set(Optional.of("upstream main/127.0.0.1:7001 unreachable: connection refused"));
    HttpResponse<String> response = get("/readyz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "ready; degraded: upstream main/127.0.0.1:7001 unreachable: connection refused\n");
  }

  @Test
  void metricsServesWhatWasRecordedInPrometheusText() throws Exception {
    metrics.command("get").record(TimeUnit.MICROSECONDS.toNanos(200), false);
    metrics.command("get").record(TimeUnit.MICROSECONDS.toNanos(300), true);
    metrics.upstream("main", "127.0.0.1:7001").connectionOpened();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body().lines())
        .contains(
            "redisproxy_commands_total{command=\"get\"} 2.0",
            "redisproxy_command_errors_total{command=\"get\"} 1.0",
            "redisproxy_command_duration_seconds_bucket{command=\"get\",le=\"2.5E-4\"} 1",
            "redisproxy_upstream_connections{node=\"127.0.0.1:7001\",upstream=\"main\"} 1.0");
  }

  @Test
  void configServesTheLiveYamlWithSecretsRedacted() throws Exception {
    HttpResponse<String> response = get("/config");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/yaml");
    assertThat(response.headers().firstValue("x-config-hash")).hasValue(ConfigCodec.hash(CONFIG));
    assertThat(response.body()).startsWith("# config hash " + ConfigCodec.hash(CONFIG) + "\n");
    assertThat(response.body()).doesNotContain(SECRETS);
    ProxyConfig served = ConfigCodec.parse(response.body());
    UpstreamConfig main = served.upstream("main");
    assertThat(main.auth().username()).isEqualTo("proxy");
    assertThat(main.auth().password()).isEqualTo("******");
    assertThat(main.shards().get(0).primary()).isEqualTo("127.0.0.1:7001");
    assertThat(served.auth().passwords()).containsExactly("******", "******");
    assertThat(served.auth().users().get(0).name()).isEqualTo("app");
    assertThat(served.auth().users().get(0).password()).isEqualTo("******");
  }

  @Test
  void configAsJsonCarriesTheHashAndRedactsSecrets() throws Exception {
    HttpResponse<String> response = get("/config?format=json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).doesNotContain(SECRETS);
    JsonNode view = new ObjectMapper().readTree(response.body());
    assertThat(view.path("hash").asText()).isEqualTo(ConfigCodec.hash(CONFIG));
    JsonNode served = view.path("config");
    assertThat(served.path("listen").path("port").asInt()).isEqualTo(6380);
    assertThat(served.path("upstreams").path(0).path("auth").path("username").asText())
        .isEqualTo("proxy");
    assertThat(served.path("upstreams").path(0).path("auth").path("password").asText())
        .isEqualTo("******");
    assertThat(served.path("auth").path("passwords").path(1).asText()).isEqualTo("******");
    assertThat(served.path("auth").path("users").path(0).path("password").asText())
        .isEqualTo("******");
  }

  @Test
  void configFollowsTheLiveSnapshot() throws Exception {
    ProxyConfig reloaded =
        ConfigCodec.parse(
            """
            upstreams:
              - name: other
                shards:
                  - primary: 127.0.0.1:7002
            """);
    String before = get("/config").headers().firstValue("x-config-hash").orElseThrow();
    config.set(reloaded);
    HttpResponse<String> after = get("/config");

    assertThat(before).isEqualTo(ConfigCodec.hash(CONFIG));
    assertThat(after.headers().firstValue("x-config-hash")).hasValue(ConfigCodec.hash(reloaded));
    assertThat(ConfigCodec.parse(after.body())).isEqualTo(reloaded);
  }

  @Test
  void configRejectsAnUnknownFormat() throws Exception {
    HttpResponse<String> response = get("/config?format=xml");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("unknown format 'xml'");
  }

  @Test
  void aFailingEndpointAnswers500AndTheServerKeepsServing() throws Exception {
    config.set(null);

    HttpResponse<String> failed = get("/config");
    HttpResponse<String> health = get("/healthz");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("/config failed; see the proxy log\n");
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathIsNotFoundAndListsTheAdminPaths() throws Exception {
    HttpResponse<String> response = get("/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("/healthz", "/readyz", "/metrics", "/config");
  }

  @Test
  void onlyGetIsAllowed() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(uri("/healthz"))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString("x"))
            .build();

    HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET");
  }

  @Test
  void keepsTheConnectionAliveUntilTheClientAsksToClose() throws IOException {
    try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
      RawHttpConnection.Response first = connection.get("/healthz", false);
      RawHttpConnection.Response second = connection.get("/readyz", false);
      RawHttpConnection.Response last = connection.get("/healthz", true);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("ok\n");
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.body()).isEqualTo("ready\n");
      assertThat(last.status()).isEqualTo(200);
      assertThat(last.headers()).containsEntry("connection", "close");
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void closeDropsOpenConnectionsAndStopsListening() throws IOException {
    int port = server.port();
    try (RawHttpConnection connection = new RawHttpConnection(port)) {
      assertThat(connection.get("/healthz", false).status()).isEqualTo(200);

      server.close();

      assertThat(connection.closedByServer()).isTrue();
      // NIO releases a closed listening socket on its selector's next pass, just after close().
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                      .isInstanceOf(ConnectException.class));
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
