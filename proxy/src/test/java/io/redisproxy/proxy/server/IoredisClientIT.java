package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redisproxy.proxy.ProxyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ioredis, the Node.js client, unmodified and with its defaults, runs strings, pipelines, a
 * transaction, scripts and pub/sub through the proxy. Needs Node.js and npm; ioredis is installed
 * into the build directory once.
 */
class IoredisClientIT {
  private static final Path HOME = Path.of("target", "ioredis");
  private static ProxyFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(runs("node", "--version"), "Node.js is not installed: the ioredis test needs it");
    assumeTrue(runs("npm", "--version"), "npm is not installed: the ioredis test needs it");
    Files.createDirectories(HOME);
    try (InputStream script = IoredisClientIT.class.getResourceAsStream("/ioredis/workload.js")) {
      Files.write(HOME.resolve("workload.js"), script.readAllBytes());
    }
    if (!Files.isDirectory(HOME.resolve("node_modules/ioredis"))) {
      Result install =
          run(
              List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", ".", "ioredis@5"),
              180);
      assertThat(install.exit()).as("npm install ioredis: %s", install.output()).isZero();
    }
    fixture = ProxyFixture.start(3);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void theWorkloadPasses() throws Exception {
    Result result =
        run(List.of("node", "workload.js", Integer.toString(fixture.server().port())), 60);
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("ok multi/exec", "ok message");
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, long timeoutSeconds) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }

  private static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
