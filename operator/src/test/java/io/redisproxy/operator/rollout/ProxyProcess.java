package io.redisproxy.operator.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bundled proxy as its own process (its Netty is not the one the API mock server runs on), for
 * tests that put a real proxy in front of the servers the operator drives.
 */
public final class ProxyProcess implements AutoCloseable {
  private static final Path JAR =
      Path.of(System.getProperty("repository.root"), "proxy/target/redis-proxy.jar");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path dir;
  private final int port;

  private ProxyProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a proxy with {@code yaml} as its config, listening on {@code port}; waits for it. */
  public static ProxyProcess start(String yaml, int port) {
    try {
      Path dir = Files.createTempDirectory("proxy");
      Path config = dir.resolve("proxy.yaml");
      Files.writeString(config, yaml, StandardCharsets.UTF_8);
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process =
          new ProcessBuilder(
                  List.of(java, "-Xmx256m", "-jar", JAR.toString(), "--config", config.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("proxy.log").toFile())
              .start();
      ProxyProcess proxy = new ProxyProcess(process, dir, port);
      proxy.awaitListening();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Gives the proxy {@code yaml} as its config, whole at once, as a ConfigMap update arrives. */
  public void reconfigure(String yaml) {
    try {
      Path next = dir.resolve("proxy.yaml.next");
      Files.writeString(next, yaml, StandardCharsets.UTF_8);
      Files.move(
          next,
          dir.resolve("proxy.yaml"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the proxy exited: " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    close();
    throw new IllegalStateException("the proxy did not listen within " + START_TIMEOUT);
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("proxy.log"), StandardCharsets.UTF_8);
  }

  /** The last {@code chars} characters of the proxy's log, for a failure's message. */
  public String logTail(int chars) {
    try {
      String log = log();
      return log.substring(Math.max(0, log.length() - chars));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
