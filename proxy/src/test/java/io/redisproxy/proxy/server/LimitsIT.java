package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.internal.PlatformDependent;
import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits that keep one client, or many, from exhausting the proxy. */
class LimitsIT {
  @Test
  void commandsTheConfigRefusesGetAnErrorThatSaysSo() {
    LimitsConfig limits = new LimitsConfig(null, null, null, List.of("FLUSHALL", "config|set"));
    try (ProxyFixture fixture = ProxyFixture.start(2, c -> ProxyFixture.withLimits(c, limits));
        RespSocket client = fixture.client()) {
      client.command("SET", "k", "v");
      assertThatThrownBy(() -> client.command("FLUSHALL"))
          .hasMessage("ERR command 'flushall' is refused by this proxy's configuration");
      assertThatThrownBy(() -> client.command("flushall", "async", "extra"))
          .hasMessage("ERR command 'flushall' is refused by this proxy's configuration");
      assertThatThrownBy(() -> client.command("CONFIG", "SET", "maxmemory", "1"))
          .hasMessage("ERR command 'config|set' is refused by this proxy's configuration");
      assertThat(client.command("CONFIG", "GET", "maxmemory")).isEqualTo(List.of("maxmemory", "0"));
      assertThat(client.command("MULTI")).isEqualTo("OK");
      assertThatThrownBy(() -> client.command("FLUSHALL"))
          .hasMessage("ERR command 'flushall' is refused by this proxy's configuration");
      assertThatThrownBy(() -> client.command("EXEC"))
          .hasMessage("EXECABORT Transaction discarded because of previous errors.");
      assertThat(client.command("GET", "k")).isEqualTo("v");
    }
  }

  @Test
  void clientsBeyondMaxClientsAreTurnedAwayUntilOneLeaves() {
    try (ProxyFixture fixture =
        ProxyFixture.start(1, c -> ProxyFixture.withLimits(c, new LimitsConfig(3, null, null)))) {
      List<RespSocket> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        clients.add(fixture.client());
        assertThat(clients.get(i).command("PING")).isEqualTo("PONG");
      }
      try (RespSocket fourth = fixture.client()) {
        assertThat(((RedisErrorReply) fourth.readReply()).getMessage())
            .isEqualTo("ERR max number of clients reached");
        assertThat(fourth.closedByPeer()).isTrue();
      }
      clients.remove(0).close();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                try (RespSocket again = fixture.client()) {
                  assertThat(again.command("PING")).isEqualTo("PONG");
                }
              });
      clients.forEach(RespSocket::close);
    }
  }

  @Test
  void anOversizedRequestIsRefusedAndOnlyItsClientDisconnected() {
    try (ProxyFixture fixture =
            ProxyFixture.start(
                1, c -> ProxyFixture.withLimits(c, new LimitsConfig(null, 4096, null)));
        RespSocket big = fixture.client();
        RespSocket other = fixture.client()) {
      big.send("SET", "k", "x".repeat(10_000));
      assertThat(((RedisErrorReply) big.readReply()).getMessage())
          .startsWith("ERR Protocol error")
          .contains("maxRequestBytes");
      assertThat(big.closedByPeer()).isTrue();
      assertThat(other.command("SET", "small", "ok")).isEqualTo("OK");
    }
  }

  @Test
  void aClientThatDoesNotReadIsPausedNotBufferedWithoutBound() throws IOException {
    String value = "v".repeat(100_000);
    try (ProxyFixture fixture =
            ProxyFixture.start(
                1, c -> ProxyFixture.withLimits(c, new LimitsConfig(null, null, 8)));
        RespSocket setup = fixture.client();
        Socket slow = new Socket("127.0.0.1", fixture.server().port())) {
      setup.command("SET", "big", value);
      slow.setSoTimeout(20_000);
      slow.setReceiveBufferSize(64 * 1024);
      int requests = 2_000;
      OutputStream out = slow.getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < requests; i++) {
                    out.write(
                        "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  out.flush();
                } catch (IOException e) {
                  // The test fails below if the replies do not all arrive.
                }
              });
      writer.setDaemon(true);
      writer.start();
      long before = PlatformDependent.usedDirectMemory();
      // 2,000 replies of 100 KB would be 200 MB if the proxy buffered them all.
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> PlatformDependent.usedDirectMemory() - before < 64L * 1024 * 1024);
      try (RespSocket other = fixture.client()) {
        long start = System.nanoTime();
        assertThat(other.command("SET", "x", "1")).isEqualTo("OK");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      }
      InputStream in = slow.getInputStream();
      byte[] reply = ("$100000\r\n" + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < requests; i++) {
        assertThat(in.readNBytes(reply.length)).as("reply %d", i).isEqualTo(reply);
      }
    }
  }

  @Test
  void idleClientsAreClosedButBusyOnesStay() {
    try (ProxyFixture fixture =
            ProxyFixture.start(
                1,
                c ->
                    ProxyFixture.withTimeouts(
                        c, new TimeoutsConfig(null, null, Duration.ofMillis(500), null, null)));
        RespSocket idle = fixture.client();
        RespSocket busy = fixture.client()) {
      long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
      while (System.nanoTime() < deadline) {
        assertThat(busy.command("PING")).isEqualTo("PONG");
      }
      assertThat(idle.closedByPeer()).isTrue();
      assertThat(busy.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void garbageIsAnsweredOrClosedAndOthersAreServed() {
    String[] hostile = {
      "*-5\r\n*1\r\n$4\r\nPING\r\n",
      "*1\r\n$-2\r\n",
      "*1\r\n$999999999999\r\n",
      "*1\r\n$0\r\n\r\n",
      "\u0000\u0001\u0002\r\n",
    };
    try (ProxyFixture fixture = ProxyFixture.start(1);
        RespSocket other = fixture.client()) {
      for (String input : hostile) {
        try (RespSocket client = fixture.client()) {
          client.sendRaw(input.getBytes(StandardCharsets.ISO_8859_1));
          Object reply = client.readReply();
          if (reply instanceof RedisErrorReply error) {
            assertThat(error.getMessage()).startsWith("ERR");
          } else {
            assertThat(reply).as(input).isEqualTo("PONG");
          }
        }
        assertThat(other.command("PING")).isEqualTo("PONG");
      }
      assertThatThrownBy(() -> other.command(""))
          .hasMessage("ERR unknown command '', with args beginning with: ");
    }
  }
}
