package io.redisproxy.bench;

import io.redisproxy.proxy.client.RespClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the processes under test and waits until each answers PING. */
final class Launcher {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final Processes processes;
  private final Path proxyJar;
  private final List<String> javaOpts;

  Launcher(Processes processes, Path proxyJar, List<String> javaOpts) {
    this.processes = processes;
    this.proxyJar = proxyJar;
    this.javaOpts = javaOpts;
  }

  /** A redis-server without persistence, with any further directives as arguments. */
  Process redis(String name, int port, String... directives) {
    Path dir = processes.workDir().resolve(name);
    createDirectory(dir);
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no"));
    command.addAll(List.of(directives));
    Process process = processes.start(name, command);
    awaitPong(name, port, process);
    return process;
  }

  /**
   * A proxy with its config written to the work directory, the JVM options given and {@code
   * options} after its config file.
   */
  Process proxy(
      String name, int port, String config, List<String> jvmOptions, List<String> options) {
    Path file = write(name + ".yaml", config);
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", proxyJar.toString(), "--config", file.toString()));
    command.addAll(options);
    Process process = processes.start(name, command);
    awaitPong(name, port, process);
    return process;
  }

  /** A proxy with the JVM options the benchmark was given. */
  Process proxy(String name, int port, String config) {
    return proxy(name, port, config, javaOpts, List.of());
  }

  /** twemproxy in the foreground, so that its PID is ours to stop. */
  Process twemproxy(String name, int port, int statsPort, String config) {
    Path file = write(name + ".yml", config);
    runToEnd(
        name + "-test-conf",
        List.of("nutcracker", "--test-conf", "--conf-file", file.toString()),
        Duration.ofSeconds(30),
        "nutcracker rejected " + file + ": run 'nutcracker -t -c " + file + "' to see why");
    Process process =
        processes.start(
            name,
            List.of(
                "nutcracker",
                "--conf-file",
                file.toString(),
                "--stats-addr",
                "127.0.0.1",
                "--stats-port",
                Integer.toString(statsPort)));
    awaitPong(name, port, process);
    return process;
  }

  /**
   * Six cluster-enabled redis-servers (ports and bus ports given) made one cluster of three
   * primaries with a replica each by redis-cli, usable once every node says its state is ok.
   */
  List<Process> cluster(List<Integer> ports, List<Integer> busPorts) {
    List<Process> nodes = new ArrayList<>();
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    for (int i = 0; i < ports.size(); i++) {
      String name = "cluster" + (i + 1);
      nodes.add(
          redis(
              name,
              ports.get(i),
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              "nodes.conf",
              "--cluster-port",
              Integer.toString(busPorts.get(i))));
      create.add("127.0.0.1:" + ports.get(i));
    }
    create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    runToEnd("cluster-create", create, Duration.ofSeconds(60), "redis-cli --cluster create failed");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int port : ports) {
      while (!clusterStateOk(port)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the cluster did not become ready: node 127.0.0.1:" + port + " is not ok");
        }
        pause();
      }
    }
    return nodes;
  }

  /** Runs a short command to its end, with its output in NAME.log, failing with its log. */
  void runToEnd(String name, List<String> command, Duration timeout, String failure) {
    runToEnd(name, command, null, timeout, failure);
  }

  /** The same with its standard input read from a file. */
  void runToEnd(String name, List<String> command, Path input, Duration timeout, String failure) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(processes.log(name).toFile())
            .redirectErrorStream(true);
    builder.redirectInput(
        input == null
            ? ProcessBuilder.Redirect.from(new File("/dev/null"))
            : ProcessBuilder.Redirect.from(input.toFile()));
    Process process = processes.start(builder);
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        Processes.stop(process, Duration.ofSeconds(5));
        throw new IllegalStateException(
            failure
                + ": timed out after "
                + timeout.toSeconds()
                + " s; see "
                + processes.log(name));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(failure + ": interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(failure + ": " + tail(processes.log(name)));
    }
  }

  private boolean clusterStateOk(int port) {
    try (RespClient client = RespClient.connect("127.0.0.1", port, Duration.ofSeconds(2))) {
      return String.valueOf(client.command("CLUSTER", "INFO")).contains("cluster_state:ok");
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until PORT answers PING, failing early with the log when the process died. */
  private void awaitPong(String name, int port, Process process) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try (RespClient client = RespClient.connect("127.0.0.1", port, Duration.ofSeconds(1))) {
        if ("PONG".equals(client.command("PING"))) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited before it answered PING on port "
                + port
                + ":\n"
                + tail(processes.log(name)));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not answer PING on port " + port + " within 30 s");
      }
      pause();
    }
  }

  private Path write(String fileName, String content) {
    Path file = processes.workDir().resolve(fileName);
    try {
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + dir, e);
    }
  }

  /** The last lines of a log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a process to be ready", e);
    }
  }
}
