package io.redisproxy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many client connections to one port, each of which sends PING once, waits for +PONG and then
 * stays idle until closed. Non-blocking, with a bounded number of handshakes in flight so that the
 * server's accept queue does not overflow, and a deadline for the whole.
 */
final class IdleClients implements AutoCloseable {
  private static final int IN_FLIGHT = 256;
  // As an array: twemproxy closes a connection that sends an inline command.
  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String PONG = "+PONG\r\n";

  /** Room for the first line of an error reply too, such as the limit of clients reached. */
  private static final int REPLY_BYTES = 128;

  private final List<SocketChannel> channels = new ArrayList<>();
  private int answered;
  private int failures;
  private String firstError = "";

  private IdleClients() {}

  /** Clients that got their PONG. */
  int answered() {
    return answered;
  }

  /** What went wrong first, empty when nothing did. */
  String firstError() {
    return firstError;
  }

  /** Opens COUNT clients to PORT; returns once each has its PONG, has failed, or time is up. */
  static IdleClients open(int port, int count, Duration deadline) throws IOException {
    IdleClients clients = new IdleClients();
    try {
      clients.connect(new InetSocketAddress("127.0.0.1", port), count, deadline);
    } catch (IOException | RuntimeException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  private void connect(InetSocketAddress address, int count, Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    int started = 0;
    int pending = 0;
    try (Selector selector = Selector.open()) {
      while (answered + failures < count) {
        while (started < count && pending < IN_FLIGHT) {
          SocketChannel channel = SocketChannel.open();
          channels.add(channel);
          channel.configureBlocking(false);
          ByteBuffer reply = ByteBuffer.allocate(REPLY_BYTES);
          started++;
          try {
            // On loopback a connect may complete at once, and then no OP_CONNECT ever comes.
            if (channel.connect(address)) {
              channel.write(ByteBuffer.wrap(PING));
              channel.register(selector, SelectionKey.OP_READ, reply);
            } else {
              channel.register(selector, SelectionKey.OP_CONNECT, reply);
            }
            pending++;
          } catch (IOException e) {
            failures++;
            fail("could not connect to " + address + ": " + e.getMessage());
            channel.close();
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          fail("only " + answered + " of " + count + " clients had their PONG in time");
          return;
        }
        selector.select(Math.max(1, left / 1_000_000));
        for (SelectionKey key : selector.selectedKeys()) {
          if (!step(key)) {
            pending--;
          }
        }
        selector.selectedKeys().clear();
      }
    }
  }

  /** Advances one client; false once it is done, answered or failed. */
  private boolean step(SelectionKey key) {
    SocketChannel channel = (SocketChannel) key.channel();
    ByteBuffer reply = (ByteBuffer) key.attachment();
    try {
      if (key.isConnectable()) {
        channel.finishConnect();
        // Fourteen bytes always fit an empty socket buffer.
        channel.write(ByteBuffer.wrap(PING));
        key.interestOps(SelectionKey.OP_READ);
        return true;
      }
      if (channel.read(reply) < 0) {
        return failed(key, "the server closed a connection: " + text(reply));
      }
      if (reply.hasRemaining() && text(reply).indexOf('\n') < 0) {
        return true;
      }
      if (!text(reply).equals(PONG)) {
        return failed(key, "the server answered PING with " + text(reply).strip());
      }
      answered++;
      key.cancel();
      return false;
    } catch (IOException e) {
      return failed(key, e.getMessage());
    }
  }

  private boolean failed(SelectionKey key, String error) {
    failures++;
    fail(error);
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      // Closed either way.
    }
    return false;
  }

  private void fail(String error) {
    if (firstError.isEmpty()) {
      firstError = error;
    }
  }

  private static String text(ByteBuffer buffer) {
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    for (SocketChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closed either way.
      }
    }
    channels.clear();
  }
}
