package io.redisproxy.proxy.client;

import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.config.UpstreamTls;
import io.redisproxy.proxy.tls.TlsContexts;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking RESP2 client for control work off the hot path (cluster discovery, health polls)
 * and for tools. Replies: String for simple and bulk strings, Long for integers, List for arrays,
 * null for nil; an error reply throws {@link RespError}. Not thread-safe.
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects; {@code timeout} bounds the connect and every reply. */
  public static RespClient connect(String host, int port, Duration timeout) throws IOException {
    return connect(host, port, timeout, null);
  }

  /** Connects over TLS when {@code tls} is not null. */
  public static RespClient connect(String host, int port, Duration timeout, UpstreamTls tls)
      throws IOException {
    Socket socket = new Socket();
    try {
      int millis = (int) timeout.toMillis();
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      return new RespClient(
          tls != null ? TlsContexts.wrap(socket, tls, new HostPort(host, port)) : socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** An error reply from the server. */
  public static final class RespError extends IOException {
    public RespError(String message) {
      super(message);
    }
  }

  public Object command(String... args) throws IOException {
    send(args);
    Object reply = read();
    if (reply instanceof RespError error) {
      throw error;
    }
    return reply;
  }

  /** Presents {@code auth} (with its username when it has one); nothing when it has no password. */
  public void auth(UpstreamAuth auth) throws IOException {
    if (!auth.enabled()) {
      return;
    }
    if (auth.username() == null) {
      command("AUTH", auth.password());
    } else {
      command("AUTH", auth.username(), auth.password());
    }
  }

  /**
   * Sends a command without waiting for its reply (SUBSCRIBE, whose replies {@link #next} reads).
   */
  public void send(String... args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    ascii(request, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      ascii(request, "$" + bytes.length + "\r\n");
      request.writeBytes(bytes);
      ascii(request, "\r\n");
    }
    out.write(request.toByteArray());
    out.flush();
  }

  /** The next reply or pushed message; an error reply is returned, not thrown. */
  public Object next() throws IOException {
    return read();
  }

  /** How long a read may wait from now on; a read that waits longer throws. */
  public void readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed");
    }
    String line = line();
    return switch (type) {
      case '+' -> line;
      case '-' -> new RespError(line);
      case ':' -> Long.parseLong(line);
      case '$' -> bulk(Integer.parseInt(line));
      case '*' -> array(Integer.parseInt(line));
      default -> throw new IOException("not a RESP2 reply: '" + (char) type + line + "'");
    };
  }

  private String bulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length + 2);
    if (bytes.length < length + 2) {
      throw new EOFException("bulk reply cut short");
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private List<Object> array(int count) throws IOException {
    if (count < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Object item = read();
      items.add(item);
    }
    return items;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new EOFException("reply cut short");
      }
      line.write(b);
    }
    if (in.read() != '\n') {
      throw new IOException("reply line not ended by CRLF");
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
