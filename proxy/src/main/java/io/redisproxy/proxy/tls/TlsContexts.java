package io.redisproxy.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
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
  private static final Map<UpstreamTls, Versioned> CONTEXTS = new ConcurrentHashMap<>();

  /** A context and the version of the CA file it was built from. */
  private record Versioned(String caVersion, SSLContext context) {}

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
    String name = serverName(tls, address);
    SSLEngine engine = context(tls).createSSLEngine(name, address.port());
    engine.setUseClientMode(true);
    engine.setSSLParameters(parameters(engine.getSSLParameters(), tls, name));
    return new SslHandler(engine);
  }

  /** {@code socket}, connected to {@code address}, now speaking TLS with its handshake done. */
  public static Socket wrap(Socket socket, UpstreamTls tls, HostPort address) throws IOException {
    String name = serverName(tls, address);
    SSLSocket ssl =
        (SSLSocket)
            context(tls).getSocketFactory().createSocket(socket, name, address.port(), true);
    ssl.setSSLParameters(parameters(ssl.getSSLParameters(), tls, name));
    ssl.startHandshake();
    return ssl;
  }

  private static SSLParameters parameters(SSLParameters parameters, UpstreamTls tls, String name) {
    if (tls.verifyHostname()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    // SNI names hosts only, never addresses.
    if (!NetUtil.isValidIpV4Address(name) && !NetUtil.isValidIpV6Address(name)) {
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

  /** The name the certificate must carry: the configured one, else the host dialled. */
  private static String serverName(UpstreamTls tls, HostPort address) {
    return tls.serverName() != null ? tls.serverName() : address.host();
  }

  /** The context of {@code tls}, built again when its CA file changed since. */
  private static SSLContext context(UpstreamTls tls) {
    String version = caVersion(tls);
    return CONTEXTS
        .compute(
            tls,
            (key, built) ->
                built != null && built.caVersion().equals(version)
                    ? built
                    : new Versioned(version, socketContext(tls)))
        .context();
  }

  private static String caVersion(UpstreamTls tls) {
    if (tls.caFile() == null) {
      return "";
    }
    File ca = new File(tls.caFile());
    return ca.lastModified() + ":" + ca.length();
  }
}
