package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A proxy over three redis-servers (or as many as asked) beside one direct redis-server, with a
 * connection to each, so a test sends every command to both and compares the raw replies.
 */
final class SideBySide implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ProxyFixture proxy;
  private final RedisServer direct;

  private SideBySide(ProxyFixture proxy, RedisServer direct) {
    this.proxy = proxy;
    this.direct = direct;
  }

  static SideBySide start() {
    return start(3);
  }

  /** As {@link #start()}, with the proxy over {@code shards} redis-servers. */
  static SideBySide start(int shards) {
    ProxyFixture proxy = ProxyFixture.start(shards);
    try {
      return new SideBySide(proxy, RedisServer.start());
    } catch (RuntimeException e) {
      proxy.close();
      throw e;
    }
  }

  /** The proxy and its shards. */
  ProxyFixture proxy() {
    return proxy;
  }

  /** The redis-server the proxy is compared with. */
  RedisServer direct() {
    return direct;
  }

  /** A fresh connection to each side. */
  Pair connect() {
    RawConnection viaProxy = RawConnection.connect(proxy.server().port(), TIMEOUT);
    try {
      return new Pair(viaProxy, RawConnection.connect(direct.port(), TIMEOUT));
    } catch (RuntimeException e) {
      viaProxy.close();
      throw e;
    }
  }

  /** A fresh connection to each side, in RESP3 when {@code resp3}: both said HELLO 3. */
  Pair connect(boolean resp3) {
    Pair pair = connect();
    if (resp3) {
      for (RawConnection connection : List.of(pair.viaProxy(), pair.direct())) {
        byte[] reply = connection.command(List.of("HELLO", "3"));
        if (reply[0] != '%') {
          pair.close();
          throw new IllegalStateException("HELLO 3 was refused: " + text(reply));
        }
      }
    }
    return pair;
  }

  /** Empties both sides: data, scripts and functions. */
  void flush() {
    try (Pair pair = connect()) {
      for (List<String> command :
          List.of(List.of("FLUSHALL"), List.of("SCRIPT", "FLUSH"), List.of("FUNCTION", "FLUSH"))) {
        pair.viaProxy().command(command);
        pair.direct().command(command);
      }
    }
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } finally {
      direct.close();
    }
  }

  /** One connection through the proxy and one to the direct server. */
  record Pair(RawConnection viaProxy, RawConnection direct) implements AutoCloseable {
    /** Sends {@code command} to both and checks the replies are the same bytes. */
    void assertSame(List<String> command) {
      String expected = text(direct.command(command));
      String actual = text(viaProxy.command(command));
      assertThat(actual).as("reply to %s", command).isEqualTo(expected);
    }

    /** As {@link #assertSame}, for arguments given as bytes (binary payloads). */
    void assertSameOfBytes(List<byte[]> command) {
      String expected = text(direct.commandOfBytes(command));
      String actual = text(viaProxy.commandOfBytes(command));
      assertThat(actual).as("reply to %s", command).isEqualTo(expected);
    }

    /**
     * Reads what each side sends next (a push, a further confirmation) and checks they are the same
     * bytes; returns them.
     */
    String assertSameNext() {
      String expected = text(direct.readReply());
      assertThat(text(viaProxy.readReply())).as("what both sides sent next").isEqualTo(expected);
      return expected;
    }

    /** The proxy's reply, and what Redis answered itself. */
    String[] replies(List<String> command) {
      return new String[] {text(viaProxy.command(command)), text(direct.command(command))};
    }

    @Override
    public void close() {
      try {
        viaProxy.close();
      } finally {
        direct.close();
      }
    }
  }

  static String text(byte[] reply) {
    return new String(reply, StandardCharsets.ISO_8859_1);
  }
}
