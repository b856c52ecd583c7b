package io.redisproxy.proxy.compat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A blocking RESP2 or RESP3 connection that returns each reply as the exact bytes the server sent,
 * so two servers' answers can be compared byte for byte. Replies of any nesting depth are read
 * without recursion.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String address;

  private RawConnection(Socket socket, String address) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    this.out = socket.getOutputStream();
    this.address = address;
  }

  static RawConnection connect(int port, Duration timeout) {
    Socket socket = new Socket();
    String address = "127.0.0.1:" + port;
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      return new RawConnection(socket, address);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot connect to " + address, e);
    }
  }

  /** Sends one command and returns its reply's bytes. */
  byte[] command(List<String> args) {
    send(args);
    return readReply();
  }

  /** Sends one command of arguments given as bytes (binary payloads) and returns its reply. */
  byte[] commandOfBytes(List<byte[]> args) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    ascii(frame, "*" + args.size() + "\r\n");
    for (byte[] arg : args) {
      ascii(frame, "$" + arg.length + "\r\n");
      frame.writeBytes(arg);
      ascii(frame, "\r\n");
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + address, e);
    }
    return readReply();
  }

  /** Sends {@code bytes} as they are: a request of any shape, well formed or not. */
  void sendBytes(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + address, e);
    }
  }

  void send(List<String> args) {
    sendAll(List.of(args));
  }

  /** Sends {@code commands} in one write, so the server reads them together: a pipeline. */
  void sendAll(List<List<String>> commands) {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (List<String> args : commands) {
      ascii(frames, "*" + args.size() + "\r\n");
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        ascii(frames, "$" + bytes.length + "\r\n");
        frames.writeBytes(bytes);
        ascii(frames, "\r\n");
      }
    }
    try {
      out.write(frames.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + address, e);
    }
  }

  /** The next reply, whole: its elements counted down with a counter, not a call stack. */
  byte[] readReply() {
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    try {
      long owed = 1;
      while (owed > 0) {
        owed--;
        int type = in.read();
        if (type < 0) {
          throw new EOFException("connection closed");
        }
        reply.write(type);
        String line = line(reply);
        switch (type) {
          case '+', '-', ':', '_', '#', ',', '(' -> {}
          case '$', '!', '=' -> {
            int length = Integer.parseInt(line);
            if (length >= 0) {
              byte[] data = in.readNBytes(length + 2);
              if (data.length < length + 2) {
                throw new EOFException("bulk ended early");
              }
              reply.writeBytes(data);
            }
          }
          case '*', '~', '>' -> owed += Math.max(0, Long.parseLong(line));
          case '%' -> owed += 2 * Math.max(0, Long.parseLong(line));
          case '|' -> owed += 2 * Long.parseLong(line) + 1;
          default -> throw new IOException("unexpected reply type " + (char) type);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading from " + address + " failed: " + e.getMessage(), e);
    }
    return reply.toByteArray();
  }

  /** Whether the server closed the connection. */
  boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  private String line(ByteArrayOutputStream reply) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new EOFException("connection closed inside a reply");
      }
      reply.write(b);
      line.append((char) b);
    }
    reply.write('\r');
    if (in.read() != '\n') {
      throw new IOException("reply line not ended by CRLF");
    }
    reply.write('\n');
    return line.toString();
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to report for a test connection that is already broken.
    }
  }
}
