package io.redisproxy.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.ListenerTls;
import io.redisproxy.proxy.config.UpstreamTls;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS for the proxy's two sides: its client port, and its connections to upstream servers (the data
 * path through Netty, control work such as CLUSTER SLOTS through plain sockets). Contexts are built
 * once per file version, so a rotated certificate applies to the next connection.
 */
public final class TlsContexts {
  private static final Map<String, SSLContext> SOCKETS = new ConcurrentHashMap<>();

  private TlsContexts() {}

  /** The server context of the client port; throws naming the file that cannot be used. */
  public static SslContext server(ListenerTls tls) {
    try {
      return SslContextBuilder.forServer(new File(tls.certFile()), new File(tls.keyFile())).build();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "tls: cannot use certFile "
              + tls.certFile()
              + " with keyFile "
              + tls.keyFile()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A handler that speaks TLS to the server at {@code address}, checking its certificate. Both
   * sides use the JDK's own engine and trust managers, which check the server's name.
   */
  public static SslHandler clientHandler(
      UpstreamTls tls, ByteBufAllocator alloc, HostPort address) {
    String name = tls.serverName() != null ? tls.serverName() : address.host();
    SSLEngine engine =
        SOCKETS
            .computeIfAbsent(version(tls), key -> socketContext(tls))
            .createSSLEngine(name, address.port());
    engine.setUseClientMode(true);
    engine.setSSLParameters(parameters(engine.getSSLParameters(), tls, name));
    return new SslHandler(engine);
  }

  /** {@code socket}, connected to {@code address}, now speaking TLS with its handshake done. */
  public static Socket wrap(Socket socket, UpstreamTls tls, HostPort address) throws IOException {
    String name = tls.serverName() != null ? tls.serverName() : address.host();
    SSLContext context = SOCKETS.computeIfAbsent(version(tls), key -> socketContext(tls));
    SSLSocket ssl =
        (SSLSocket) context.getSocketFactory().createSocket(socket, name, address.port(), true);
    ssl.setSSLParameters(parameters(ssl.getSSLParameters(), tls, name));
    ssl.startHandshake();
    return ssl;
  }

  private static SSLParameters parameters(SSLParameters parameters, UpstreamTls tls, String name) {
    if (tls.verifyHostname()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!Character.isDigit(name.charAt(0)) && !name.contains(":")) {
      parameters.setServerNames(List.of(new SNIHostName(name)));
    }
    return parameters;
  }

  private static SSLContext socketContext(UpstreamTls tls) {
    try {
      if (tls.caFile() == null) {
        return PemTrust.context(null);
      }
      try (InputStream pem = Files.newInputStream(Path.of(tls.caFile()))) {
        return PemTrust.context(pem);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "tls: cannot use caFile " + tls.caFile() + ": " + e.getMessage(), e);
    }
  }

  /** The settings and the CA file's version: a rotated file gets a context of its own. */
  private static String version(UpstreamTls tls) {
    File ca = tls.caFile() != null ? new File(tls.caFile()) : null;
    return tls + (ca != null ? "@" + ca.lastModified() + ":" + ca.length() : "");
  }
}
