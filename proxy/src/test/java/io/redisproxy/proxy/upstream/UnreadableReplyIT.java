package io.redisproxy.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server whose reply the proxy cannot read fails the request with a reason, never a hang. */
class UnreadableReplyIT {
  @Test
  void aReplyThatIsNotRespIsAnErrorAndTheConnectionToThatServerCloses() throws Exception {
    // No RESP2 or RESP3 reply starts with '@'.
    try (FakeServer upstream = new FakeServer("@1\r\n+a\r\n:1\r\n");
        ProxyServer proxy =
            ProxyServer.start(ProxyFixture.config(List.of("127.0.0.1:" + upstream.port())));
        RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      client.send("GET", "k");
      Object reply = client.readReply();
      assertThat(reply).isInstanceOf(RedisErrorReply.class);
      assertThat(((RedisErrorReply) reply).getMessage())
          .isEqualTo(
              "ERR upstream main/127.0.0.1:"
                  + upstream.port()
                  + " unavailable: sent bytes that are not RESP (unexpected reply type byte"
                  + " 0x40)");
      // The next request is answered too, on a new connection.
      client.send("GET", "k");
      assertThat(client.readReply()).isInstanceOf(RedisErrorReply.class);
    }
  }

  /** Answers every read with the same bytes, on every connection. */
  private static final class FakeServer implements AutoCloseable {
    private final ServerSocket socket;
    private final byte[] answer;

    FakeServer(String answer) throws IOException {
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.answer = answer.getBytes(StandardCharsets.US_ASCII);
      Thread acceptor = new Thread(this::accept, "fake-upstream");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          Thread serving = new Thread(() -> serve(connection), "fake-upstream-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection;
          InputStream in = connection.getInputStream();
          OutputStream out = connection.getOutputStream()) {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) > 0) {
          out.write(answer);
          out.flush();
        }
      } catch (IOException e) {
        // The proxy closed the connection, as it should after an unreadable reply.
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
