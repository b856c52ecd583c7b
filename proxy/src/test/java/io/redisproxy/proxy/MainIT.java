package io.redisproxy.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main} as an operator's container runs it: its own JVM, exit codes, SIGTERM. */
class MainIT {
  private static final Pattern LISTENING =
      Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*admin on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void validateAcceptsAValidFile() throws Exception {
    String yaml = config(List.of("127.0.0.1:7001", "127.0.0.1:7002"));
    Path file = write(yaml);

    assertThat(runToEnd("--config", file.toString(), "--validate")).isZero();
    assertThat(output())
        .contains(
            "config " + file + " is valid (" + ConfigCodec.hash(ConfigCodec.parse(yaml)) + ")");
  }

  @Test
  void validateListsEveryProblemWithItsFieldAndExitsWith2() throws Exception {
    Path file =
        write(
            config(List.of("127.0.0.1:7001", "x"))
                + "routes:\n  - {prefix: \"a:\", upstream: nope}\n");

    assertThat(runToEnd("--validate", "--config", file.toString())).isEqualTo(2);
    assertThat(output())
        .contains(
            "invalid config "
                + file
                + ":\n"
                + "  upstreams[0].shards[1].primary: 'x' is not host:port\n"
                + "  routes[0].upstream: no upstream group is named 'nope'\n");
  }

  @Test
  void unreadableFileAndUnknownArgumentsExitWith2() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    assertThat(runToEnd("--config", missing.toString(), "--validate")).isEqualTo(2);
    assertThat(output()).startsWith("cannot read config " + missing);

    assertThat(runToEnd("--port", "6380")).isEqualTo(2);
    assertThat(output())
        .contains("unknown argument '--port'")
        .contains("usage: java -jar redis-proxy.jar --config <proxy.yaml> [--validate]");
  }

  @Test
  void aTransportNamedOnTheCommandLineIsTheOneThatServes() throws Exception {
    try (RedisServers redis = RedisServers.start(1)) {
      Path file = write(config(redis.addresses()));
      process = start("--config", file.toString(), "--transport", "nio");

      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> LISTENING.matcher(output()).find() || !process.isAlive());
      Matcher ports = LISTENING.matcher(output());
      assertThat(ports.find()).as("the proxy listens; its output:%n%s", output()).isTrue();
      assertThat(output()).contains("(nio, ");
      try (RespSocket client = RespSocket.connect("127.0.0.1", Integer.parseInt(ports.group(1)))) {
        assertThat(client.command("SET", "k", "v")).isEqualTo("OK");
        assertThat(client.command("GET", "k")).isEqualTo("v");
      }
    }
  }

  @Test
  void anUnknownTransportExitsWith2AndNamesTheChoices() throws Exception {
    Path file = write(config(List.of("127.0.0.1:7001")));

    assertThat(runToEnd("--config", file.toString(), "--transport", "kqueue")).isEqualTo(2);
    assertThat(output())
        .contains(
            "cannot start: unknown transport 'kqueue': use one of auto, io_uring, epoll, nio");
  }

  @Test
  void portInUseExitsWith2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String yaml =
          config(List.of("127.0.0.1:7001"))
              .replace(
                  "listen: {host: 127.0.0.1, port: 0}",
                  "listen: {host: 127.0.0.1, port: " + taken.getLocalPort() + "}");
      assertThat(runToEnd("--config", write(yaml).toString())).isEqualTo(2);
      assertThat(output())
          .contains("cannot start: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void servesUntilSigtermThenExitsCleanly() throws Exception {
    try (RedisServers redis = RedisServers.start(2)) {
      Path file = write(config(redis.addresses()));
      process = start("--config", file.toString());

      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> LISTENING.matcher(output()).find() || !process.isAlive());
      Matcher ports = LISTENING.matcher(output());
      assertThat(ports.find()).as("the proxy listens; its output:%n%s", output()).isTrue();
      int port = Integer.parseInt(ports.group(1));
      int adminPort = Integer.parseInt(ports.group(2));

      try (RespSocket client = RespSocket.connect("127.0.0.1", port)) {
        assertThat(client.command("PING")).isEqualTo("PONG");
        assertThat(client.command("SET", "main:key", "value")).isEqualTo("OK");
        assertThat(client.command("GET", "main:key")).isEqualTo("value");
      }
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> AdminHttp.get(adminPort, "/readyz").statusCode() == 200);
      HttpResponse<String> ready = AdminHttp.get(adminPort, "/readyz");
      assertThat(ready.body()).isEqualTo("ready\n");

      process.destroy();
      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      assertThat(process.exitValue()).isIn(0, 143);
      assertThat(output()).contains("shutting down: finishing requests in flight");
    }
  }

  private static String config(List<String> shards) {
    String list =
        shards.stream().map(shard -> "      - primary: " + shard).collect(Collectors.joining("\n"));
    return """
           listen: {host: 127.0.0.1, port: 0}
           admin: {host: 127.0.0.1, port: 0}
           ioThreads: 1
           upstreams:
             - name: main
               shards:
           %s
           timeouts: {shutdownGrace: 2s}
           """
        .formatted(list);
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("proxy.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** Starts {@code Main} in a JVM of its own, since it ends with System.exit. */
  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.log").toFile())
        .start();
  }

  private int runToEnd(String... args) throws IOException, InterruptedException {
    process = start(args);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("Main finished").isTrue();
    return process.exitValue();
  }

  /** Everything the child wrote to stdout and stderr so far. */
  private String output() {
    try {
      return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
