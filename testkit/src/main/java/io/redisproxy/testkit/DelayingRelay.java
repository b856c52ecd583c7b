package io.redisproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on loopback that stands for distance: every byte reaches the other side {@code delay}
 * after it was sent, in both directions, as over a long link; or at most so many bytes a second, as
 * over a slow one. It can also stand for a partition: {@link #cut()} drops every connection and
 * refuses new ones until {@link #restore()}. Threads are daemons and end with their connection or
 * {@link #close()}.
 */
public final class DelayingRelay implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final String host;
  private final InetSocketAddress target;
  private final Duration delay;
  private final long bytesPerSecond;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private volatile boolean closed;
  private final int port;

  private DelayingRelay(
      String host, InetSocketAddress target, Duration delay, long bytesPerSecond) {
    this.host = host;
    this.target = target;
    this.delay = delay;
    this.bytesPerSecond = bytesPerSecond;
    this.port = FreePorts.pick(host);
    listen();
  }

  /** A relay on a free port of {@code 127.0.0.1} to {@code targetHost:targetPort}. */
  public static DelayingRelay start(String targetHost, int targetPort, Duration delay) {
    return new DelayingRelay(
        "127.0.0.1", new InetSocketAddress(targetHost, targetPort), delay, Long.MAX_VALUE);
  }

  /** A relay that passes at most {@code bytesPerSecond} in each direction, without delay. */
  public static DelayingRelay throttled(String targetHost, int targetPort, long bytesPerSecond) {
    return new DelayingRelay(
        "127.0.0.1", new InetSocketAddress(targetHost, targetPort), Duration.ZERO, bytesPerSecond);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code host:port}, as configs name it. */
  public String address() {
    return host + ":" + port;
  }

  /** Drops every connection and refuses new ones: the far side is unreachable. */
  public synchronized void cut() {
    closeQuietly(server);
    server = null;
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Accepts connections again after {@link #cut()}. */
  public synchronized void restore() {
    if (server == null && !closed) {
      listen();
    }
  }

  private void listen() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      server = socket;
      Thread acceptor = new Thread(() -> accept(socket), "delaying-relay-accept-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 2000);
        } catch (IOException e) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        synchronized (this) {
          if (server != listening) {
            // Cut while this connection was being set up: it must not survive the cut.
            closeQuietly(client);
            closeQuietly(upstream);
            return;
          }
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  /**
   * Copies {@code from} to {@code to}, each chunk held back until {@code delay} has passed and the
   * bytes before it fit the rate.
   */
  private void pump(Socket from, Socket to) {
    BlockingQueue<Object[]> inFlight = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[CHUNK];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  inFlight.add(new Object[] {System.nanoTime(), Arrays.copyOf(buffer, n)});
                }
              } catch (IOException e) {
                // The connection ended; the writer closes the other side.
              }
              inFlight.add(new Object[] {System.nanoTime(), null});
            },
            "delaying-relay-read-" + port);
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                long started = System.nanoTime();
                long written = 0;
                while (true) {
                  Object[] chunk = inFlight.poll(10, TimeUnit.SECONDS);
                  if (chunk == null) {
                    if (closed || from.isClosed()) {
                      break;
                    }
                    continue;
                  }
                  long due = (long) chunk[0] + delay.toNanos();
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  if (chunk[1] == null) {
                    break;
                  }
                  byte[] bytes = (byte[]) chunk[1];
                  // Pieces of a twentieth of a second each, so the rate holds within a chunk.
                  int piece = (int) Math.max(1, Math.min(bytes.length, bytesPerSecond / 20));
                  for (int at = 0; at < bytes.length; at += piece) {
                    int length = Math.min(piece, bytes.length - at);
                    written += length;
                    long early =
                        bytesPerSecond == Long.MAX_VALUE
                            ? 0
                            : started
                                + written * 1_000_000_000L / bytesPerSecond
                                - System.nanoTime();
                    if (early > 0) {
                      TimeUnit.NANOSECONDS.sleep(early);
                    }
                    out.write(bytes, at, length);
                  }
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // The other side went away or the relay closed.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "delaying-relay-write-" + port);
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  @Override
  public synchronized void close() {
    closed = true;
    cut();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (SocketException e) {
      // Already closed.
    } catch (IOException e) {
      // Nothing left to do for a socket being dropped.
    }
  }
}
