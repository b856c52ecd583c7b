package io.redisproxy.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's own HTTP endpoints: {@code /healthz} (informers healthy), {@code /readyz}
 * (started) and {@code /metrics} (Prometheus text).
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  static HealthServer start(int port, RuntimeInfo runtime, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", probe(runtime::allEventSourcesAreHealthy));
    server.createContext("/readyz", probe(runtime::isStarted));
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry::scrape));
    server.start();
    return new HealthServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static com.sun.net.httpserver.HttpHandler probe(BooleanSupplier check) {
    return exchange -> {
      boolean ok = check.getAsBoolean();
      respond(
          exchange, ok ? 200 : 503, "text/plain; charset=utf-8", () -> ok ? "ok\n" : "not ok\n");
    };
  }

  private static void respond(
      HttpExchange exchange, int status, String contentType, Supplier<String> body)
      throws IOException {
    try (exchange) {
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
