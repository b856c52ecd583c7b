package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedisServerIT {
  @Test
  void closeLeavesNoProcessAndFreesThePortAndTheDirectory() throws IOException {
    RedisServer server = RedisServer.start();
    long pid = server.pid();
    int port = server.port();
    Path dir = server.workingDir();
    assertThat(RedisServer.isProcessAlive(pid)).isTrue();
    assertThat(server.command("SET", "k", "v")).isEqualTo("OK");
    assertThat(server.address()).isEqualTo("127.0.0.1:" + port);

    server.close();

    assertThat(RedisServer.isProcessAlive(pid)).isFalse();
    assertThat(server.isAlive()).isFalse();
    assertThat(Files.exists(dir)).isFalse();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    assertThatCode(server::close).as("a second close").doesNotThrowAnyException();
    assertThatThrownBy(() -> server.command("PING"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void twoServersGetDifferentPortsAndKeepTheirOwnData() {
    try (RedisServer first = RedisServer.start();
        RedisServer second = RedisServer.start()) {
      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(first.pid()).isNotEqualTo(second.pid());

      first.command("SET", "only-here", "1");

      assertThat(first.command("DBSIZE")).isEqualTo(1L);
      assertThat(second.command("DBSIZE")).isEqualTo(0L);
    }
  }

  @Test
  void killedServerComesBackOnTheSamePort() {
    try (RedisServer server = RedisServer.start()) {
      long firstPid = server.pid();
      int port = server.port();

      server.kill();

      assertThat(server.isAlive()).isFalse();
      assertThat(RedisServer.isProcessAlive(firstPid)).isFalse();
      assertThatThrownBy(() -> server.command("PING")).isInstanceOf(UncheckedIOException.class);

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.pid()).isNotEqualTo(firstPid);
      assertThat(server.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void restartKeepsTheDirectorySoAnAppendOnlyFileSurvivesACrash() {
    RedisServer.Options durable =
        RedisServer.Options.defaults().withDirectives("appendonly yes", "appendfsync always");
    try (RedisServer server = RedisServer.start(durable)) {
      server.command("SET", "survivor", "still here");

      server.kill();
      server.restart();

      assertThat(server.command("GET", "survivor")).isEqualTo("still here");
    }
  }

  @Test
  void stoppedServerCanBeRestarted() {
    try (RedisServer server = RedisServer.start()) {
      long firstPid = server.pid();

      server.stop();

      assertThat(RedisServer.isProcessAlive(firstPid)).isFalse();
      server.restart();
      assertThat(server.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void passwordProtectedServerIsReachedWithItsPassword() {
    RedisServer.Options secured =
        RedisServer.Options.defaults().withDirectives("requirepass s3cret");
    try (RedisServer server = RedisServer.start(secured);
        RespSocket anonymous = RespSocket.connect(server.host(), server.port())) {
      assertThat(server.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(server.command("GET", "k")).isEqualTo("v");

      assertThatThrownBy(() -> anonymous.command("GET", "k"))
          .isInstanceOfSatisfying(
              RedisErrorReply.class, e -> assertThat(e.code()).isEqualTo("NOAUTH"));
    }
  }

  @Test
  void extraDirectivesReachTheServer() {
    RedisServer.Options limited = RedisServer.Options.defaults().withDirectives("maxmemory 10mb");
    try (RedisServer server = RedisServer.start(limited)) {
      assertThat(server.command("CONFIG", "GET", "maxmemory"))
          .isEqualTo(List.of("maxmemory", "10485760"));
      assertThat(server.command("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
    }
  }

  @Test
  void serverBindsTheLoopbackAddressItIsGiven() {
    try (RedisServer server =
        RedisServer.start(RedisServer.Options.defaults().withHost("127.0.0.2"))) {
      assertThat(server.address()).isEqualTo("127.0.0.2:" + server.port());
      assertThat(server.command("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.2"));
      assertThatThrownBy(() -> RespSocket.connect("127.0.0.1", server.port()).close())
          .isInstanceOf(UncheckedIOException.class);
    }
  }

  @Test
  void newServerCanTakeAFixedPortAClosedOneHad() {
    int port;
    try (RedisServer first = RedisServer.start()) {
      port = first.port();
    }
    try (RedisServer second = RedisServer.start(RedisServer.Options.defaults().withPort(port))) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(second.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void fixedPortInUseFailsWithAClearMessage() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = squatter.getLocalPort();

      assertThatThrownBy(() -> RedisServer.start(RedisServer.Options.defaults().withPort(port)))
          .isInstanceOf(RedisServerException.class)
          .hasMessageContaining("could not listen on 127.0.0.1:" + port)
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void portLostToAnotherProcessIsRetriedOnAnotherPort() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger picks = new AtomicInteger();
      int taken = squatter.getLocalPort();

      try (RedisServer server =
          RedisServer.start(
              RedisServer.Options.defaults(),
              () -> picks.getAndIncrement() == 0 ? taken : FreePorts.pick("127.0.0.1"))) {
        assertThat(server.port()).isNotEqualTo(taken);
        assertThat(server.command("PING")).isEqualTo("PONG");
        assertThat(picks).hasValue(2);
      }
    }
  }

  @Test
  void badDirectiveFailsFastWithRedisOwnComplaint() {
    RedisServer.Options broken =
        RedisServer.Options.defaults()
            .withDirectives("no-such-directive yes")
            .withStartupTimeout(Duration.ofSeconds(60));
    long started = System.nanoTime();

    assertThatThrownBy(() -> RedisServer.start(broken))
        .isInstanceOf(RedisServerException.class)
        .hasMessageContaining("exited with code 1")
        .hasMessageContaining("Bad directive")
        .hasMessageContaining("no-such-directive");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void clusterEnabledServerGetsABusPortThatFits() {
    RedisServer.Options cluster =
        RedisServer.Options.defaults().withDirectives("cluster-enabled yes");
    try (RedisServer server = RedisServer.start(cluster)) {
      List<?> busPort = (List<?>) server.command("CONFIG", "GET", "cluster-port");
      int bus = Integer.parseInt((String) busPort.get(1));

      assertThat(bus).isBetween(1, 65535).isNotEqualTo(server.port());
      assertThat((String) server.command("CLUSTER", "INFO")).contains("cluster_state:fail");
      assertThat(server.workingDir().resolve("nodes.conf")).exists();
    }
  }

  @Test
  void replicaSeesDataWrittenToItsPrimary() {
    try (RedisServer primary = RedisServer.start();
        RedisServer replica = RedisServer.startReplicaOf(primary)) {
      assertThat(replica.info("replication")).containsEntry("role", "slave");

      primary.command("SET", "replicated", "yes");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(replica.command("GET", "replicated")).isEqualTo("yes"));
    }
  }

  @Test
  void replicaAuthenticatesToAPasswordProtectedPrimary() {
    RedisServer.Options secured =
        RedisServer.Options.defaults().withDirectives("requirepass s3cret");
    try (RedisServer primary = RedisServer.start(secured);
        RedisServer replica = RedisServer.startReplicaOf(primary)) {
      primary.command("SET", "replicated", "yes");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(replica.command("GET", "replicated")).isEqualTo("yes"));
    }
  }

  @Test
  void closedServerCannotBeRestarted() {
    RedisServer server = RedisServer.start();
    server.close();

    assertThatThrownBy(server::restart)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }
}
