package io.redisproxy.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A blocking RESP2 connection for tests that talk to a Redis server directly.
 *
 * <p>Replies become plain Java values: simple and bulk strings are {@link String} (UTF-8), integers
 * are {@link Long}, arrays are {@code List<Object>}, nil is {@code null}. An error reply is thrown
 * as {@link RedisErrorReply}. Connection problems and read timeouts are {@link
 * UncheckedIOException}s. Not thread-safe.
 */
public final class RespSocket implements AutoCloseable {
  /** Connect and read timeout used when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String address;
  private final Duration timeout;

  private RespSocket(Socket socket, String address, Duration timeout) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
    this.address = address;
    this.timeout = timeout;
  }

  public static RespSocket connect(String host, int port) {
    return connect(host, port, DEFAULT_TIMEOUT);
  }

  /** Connects to {@code host:port}; {@code timeout} bounds the connect and every reply. */
  public static RespSocket connect(String host, int port, Duration timeout) {
    String address = host + ":" + port;
    int millis = Math.toIntExact(timeout.toMillis());
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      return new RespSocket(socket, address, timeout);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("Cannot connect to " + address + ": " + e.getMessage(), e);
    }
  }

  /** Sends one command and returns its reply; throws {@link RedisErrorReply} for an error. */
  public Object command(String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("A command needs at least its name");
    }
    try {
      out.write(encode(args));
      out.flush();
      Object reply = read();
      if (reply instanceof RedisErrorReply error) {
        throw error;
      }
      return reply;
    } catch (SocketTimeoutException e) {
      throw new UncheckedIOException(
          "No reply from " + address + " to " + args[0] + " within " + timeout.toMillis() + " ms",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Connection to " + address + " failed during " + args[0] + ": " + e.getMessage(), e);
    }
  }

  /** Sends one command without waiting for its reply: pipelining, with {@link #readReply()}. */
  public void send(String... args) {
    sendRaw(encode(args));
  }

  /** Sends bytes as they are, for tests of malformed or inline input. */
  public void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to " + address + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the next reply; an error reply is returned as a {@link RedisErrorReply} value, not
   * thrown, so pipelined replies can be checked in order.
   */
  public Object readReply() {
    try {
      return read();
    } catch (SocketTimeoutException e) {
      throw new UncheckedIOException(
          "No reply from " + address + " within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading from " + address + " failed: " + e.getMessage(), e);
    }
  }

  /** Whether the server closed the connection: the next read finds the end of the stream. */
  public boolean closedByPeer() {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static byte[] encode(String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    writeAscii(buffer, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      writeAscii(buffer, "$" + bytes.length + "\r\n");
      buffer.writeBytes(bytes);
      writeAscii(buffer, "\r\n");
    }
    return buffer.toByteArray();
  }

  private static void writeAscii(ByteArrayOutputStream buffer, String text) {
    buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type == -1) {
      throw new EOFException("connection closed by the server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new RedisErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        return readBulk(Integer.parseInt(line));
      case '*':
        return readArray(Integer.parseInt(line));
      default:
        throw new IOException("unexpected RESP type '" + (char) type + "' in reply: " + line);
    }
  }

  private String readBulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
      throw new EOFException("bulk string of " + length + " bytes ended early");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private List<Object> readArray(int count) throws IOException {
    if (count < 0) {
      return null;
    }
    List<Object> elements = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      elements.add(read());
    }
    return Collections.unmodifiableList(elements);
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b == -1) {
        throw new EOFException("connection closed in the middle of a reply");
      }
      line.write(b);
    }
    if (in.read() != '\n') {
      throw new IOException("reply line not terminated by CRLF");
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a test connection that is already broken has nothing left to report.
    }
  }
}
