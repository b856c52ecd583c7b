package io.redisproxy.proxy;

import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.server.ProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running proxy: the RESP server and its admin endpoint, started and stopped together. */
public final class ProxyApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyApp.class);

  private final ProxyServer server;

  private ProxyApp(ProxyServer server) {
    this.server = server;
  }

  public static ProxyApp start(ProxyConfig config) {
    ProxyServer server = ProxyServer.start(config);
    log.info(
        "redis-proxy listening on {}:{} ({}, {} I/O threads), config {}",
        config.listen().host(),
        server.port(),
        server.transportName(),
        config.effectiveIoThreads(),
        server.configHash());
    return new ProxyApp(server);
  }

  public ProxyServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
  }
}
