package io.redisproxy.proxy;

import io.redisproxy.proxy.admin.AdminRoutes;
import io.redisproxy.proxy.admin.AdminServer;
import io.redisproxy.proxy.admin.Readiness;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.metrics.ProxyMetrics;
import io.redisproxy.proxy.net.Transport;
import io.redisproxy.proxy.server.ProxyServer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running proxy: the RESP server and its admin endpoint, started and stopped together. */
public final class ProxyApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyApp.class);

  private final ProxyServer server;
  private final AdminServer admin;

  private ProxyApp(ProxyServer server, AdminServer admin) {
    this.server = server;
    this.admin = admin;
  }

  public static ProxyApp start(ProxyConfig config) {
    return start(config, Transport.best());
  }

  public static ProxyApp start(ProxyConfig config, Transport transport) {
    ProxyMetrics metrics = ProxyMetrics.create();
    ProxyServer server = ProxyServer.start(config, transport, metrics);
    AdminServer admin;
    try {
      admin =
          AdminServer.start(
              config.admin().host(),
              config.admin().port(),
              server.acceptor(),
              transport.serverChannel(),
              AdminRoutes.standard(metrics, readiness(server), server::config, server::moves));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    log.info(
        "redis-proxy listening on {}:{} ({}, {} I/O threads), admin on {}:{}, config {}",
        config.listen().host(),
        server.port(),
        server.transportName(),
        config.effectiveIoThreads(),
        config.admin().host(),
        admin.port(),
        server.configHash());
    String whyNotIoUring = Transport.whyNotIoUring();
    if (whyNotIoUring != null) {
      log.info("io_uring is not available here ({})", whyNotIoUring);
    }
    return new ProxyApp(server, admin);
  }

  private static Readiness readiness(ProxyServer server) {
    return new Readiness() {
      @Override
      public Optional<String> notReadyReason() {
        return server.notReadyReason();
      }

      @Override
      public Optional<String> degradation() {
        return server.degradation();
      }
    };
  }

  public ProxyServer server() {
    return server;
  }

  public int adminPort() {
    return admin.port();
  }

  /** Applies a new config to new requests. */
  public void reload(ProxyConfig config) {
    server.reload(config);
  }

  /** Counts a config version that was refused; the live config stays. */
  public void rejected(String reason) {
    server.metrics().configReloaded(false);
  }

  @Override
  public void close() {
    admin.close();
    server.close();
  }
}
