package io.redisproxy.proxy.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One plain HTTP/1.1 connection, for what java.net.http hides: reusing a connection, sending {@code
 * Connection: close} and seeing the server close.
 */
final class RawHttpConnection implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 5_000;

  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;

  RawHttpConnection(int port) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  Response get(String path, boolean close) throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (close ? "Connection: close\r\n" : "")
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line();
    Map<String, String> headers = new HashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** True once the server has closed its side; waits up to the socket timeout. */
  boolean closedByServer() throws IOException {
    return in.read() == -1;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("the server closed the connection mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(int status, Map<String, String> headers, String body) {}
}
