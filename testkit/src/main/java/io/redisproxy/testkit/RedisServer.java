package io.redisproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real redis-server process on a loopback port, in its own temporary directory, for tests.
 *
 * <p>{@link #start()} returns once the server answers PING. Persistence is off unless the options
 * turn it on. {@link #kill()} and {@link #restart()} simulate a crashed node coming back on the
 * same port with the same directory; {@link #close()} stops the process and deletes the directory.
 * A shared JVM shutdown hook kills servers that were never closed.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final long POLL_MILLIS = 20;
  private static final int START_ATTEMPTS = 5;
  private static final int LOG_TAIL_LINES = 30;

  private final Options options;
  private final Path binary;
  private final Path dir;
  private final int port;
  private volatile Process process;
  private volatile boolean closed;
  private boolean paused;

  private RedisServer(Options options, Path binary, Path dir, int port) {
    this.options = options;
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server with {@link Options#defaults()}. */
  public static RedisServer start() {
    return start(Options.defaults());
  }

  /** Starts a server and waits until it answers PING, or throws {@link RedisServerException}. */
  public static RedisServer start(Options options) {
    return start(options, () -> FreePorts.pick(options.host()));
  }

  /** Starts a replica of {@code primary} and waits until its replication link is up. */
  public static RedisServer startReplicaOf(RedisServer primary) {
    return startReplicaOf(primary, Options.defaults());
  }

  /**
   * Starts a replica of {@code primary} with extra {@code options} and waits until its replication
   * link is up. The primary's password is used as {@code masterauth} unless the options set one.
   */
  public static RedisServer startReplicaOf(RedisServer primary, Options options) {
    Options replicaOptions =
        options.withDirectives("replicaof " + primary.host() + " " + primary.port);
    String primaryPassword = primary.options.password();
    if (primaryPassword != null && options.directive("masterauth") == null) {
      replicaOptions = replicaOptions.withDirectives("masterauth " + quote(primaryPassword));
    }
    RedisServer replica = start(replicaOptions);
    try {
      replica.awaitCondition(
          "report master_link_status:up", REPLICATION_TIMEOUT, replica::replicationLinkProblem);
    } catch (RuntimeException e) {
      replica.close();
      throw e;
    }
    return replica;
  }

  /** Starts a server, taking ports from {@code freePorts}; retries when it loses a port race. */
  static RedisServer start(Options options, IntSupplier freePorts) {
    Path binary = RedisExecutable.locate();
    for (int attempt = 1; ; attempt++) {
      int port = options.port() != 0 ? options.port() : freePorts.getAsInt();
      RedisServer server = new RedisServer(options, binary, createDir(), port);
      KillOnExit.register(server);
      try {
        server.writeConfig(freePorts);
        server.launch();
        return server;
      } catch (RuntimeException e) {
        boolean retry = options.port() == 0 && attempt < START_ATTEMPTS && server.portWasTaken();
        server.close();
        if (!retry) {
          throw e;
        }
      }
    }
  }

  public String host() {
    return options.host();
  }

  public int port() {
    return port;
  }

  /** {@code host:port}, as clients and proxy configs write it. */
  public String address() {
    return options.host() + ":" + port;
  }

  /** The pid of the current process, or of the last one once it stopped. */
  public long pid() {
    return process.pid();
  }

  /** The server's working directory: its config, log, and any RDB, AOF or nodes.conf file. */
  public Path workingDir() {
    return dir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Whether any process with this pid is running, for tests that check a server is gone. */
  public static boolean isProcessAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The last lines redis-server wrote to its console and its log file. */
  public String logTail() {
    List<String> lines = new ArrayList<>(lastLines(dir.resolve("console.log")));
    lines.addAll(lastLines(dir.resolve("redis.log")));
    return String.join("\n", lines);
  }

  /**
   * Runs one command on a fresh connection (authenticated if the server has a password) and returns
   * the reply as {@link RespSocket#command} does.
   */
  public Object command(String... args) {
    try (RespSocket socket = connect()) {
      return socket.command(args);
    }
  }

  /** Opens a connection, authenticated if the server has a password; the caller closes it. */
  public RespSocket connect() {
    return connect(RespSocket.DEFAULT_TIMEOUT);
  }

  /** The fields of {@code INFO section}, such as {@code role} from {@code replication}. */
  public Map<String, String> info(String section) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : ((String) command("INFO", section)).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return fields;
  }

  /** Stops the process with SIGTERM (SIGKILL if it lingers), keeping the directory for restart. */
  public synchronized void stop() {
    Process current = process;
    if (paused && current.isAlive()) {
      resume();
    }
    if (current.isAlive()) {
      current.destroy();
      if (!waitForExit(current, STOP_TIMEOUT)) {
        kill();
      }
    }
  }

  /**
   * Stops the process with SIGSTOP: it holds its connections and answers nothing, as a hung one.
   */
  public synchronized void pause() {
    signal("STOP");
    paused = true;
  }

  /** Lets a paused process run again (SIGCONT). */
  public synchronized void resume() {
    signal("CONT");
    paused = false;
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
      if (!kill.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new RedisServerException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new RedisServerException("cannot run kill: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while signalling " + address());
    }
  }

  /** Kills the process with SIGKILL at once, as a crash would, and waits until it is gone. */
  public synchronized void kill() {
    Process current = process;
    current.descendants().forEach(ProcessHandle::destroyForcibly);
    current.destroyForcibly();
    paused = false;
    if (!waitForExit(current, KILL_TIMEOUT)) {
      throw new RedisServerException(
          "redis-server pid " + current.pid() + " at " + address() + " survived SIGKILL.");
    }
  }

  /**
   * Starts the server again on the same port, with the same directory and config, stopping it first
   * if it still runs; returns once it answers PING.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException(
          "The server at " + address() + " is closed; start a new one.");
    }
    stop();
    launch();
  }

  /** Stops the server and deletes its directory; calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (process != null) {
        stop();
      }
    } finally {
      KillOnExit.unregister(this);
      deleteDir();
    }
  }

  @Override
  public String toString() {
    return "redis-server " + address();
  }

  /** Called by the shutdown hook only, so it takes no lock a stuck test thread might hold. */
  void killOnExit() {
    Process current = process;
    if (current != null) {
      current.descendants().forEach(ProcessHandle::destroyForcibly);
      current.destroyForcibly();
      waitForExit(current, KILL_TIMEOUT);
    }
    try {
      deleteDir();
    } catch (RuntimeException e) {
      // The JVM is exiting; a leftover temporary directory is all that remains.
    }
  }

  private RespSocket connect(Duration timeout) {
    if (closed) {
      throw new IllegalStateException("The server at " + address() + " is closed.");
    }
    RespSocket socket = RespSocket.connect(options.host(), port, timeout);
    String password = options.password();
    if (password != null) {
      try {
        socket.command("AUTH", password);
      } catch (RuntimeException e) {
        socket.close();
        throw e;
      }
    }
    return socket;
  }

  private void writeConfig(IntSupplier freePorts) {
    List<String> lines = new ArrayList<>();
    lines.add("bind " + options.host());
    lines.add("port " + port);
    lines.add("dir " + quote(dir.toString()));
    lines.add("logfile " + quote(dir.resolve("redis.log").toString()));
    lines.add("daemonize no");
    lines.add("protected-mode no");
    lines.add("save \"\"");
    lines.add("appendonly no");
    // Without this a primary waits 5 seconds for more replicas before it starts a full sync.
    lines.add("repl-diskless-sync-delay 0");
    // The default cluster bus port is port + 10000, which overflows for most ephemeral ports.
    if ("yes".equalsIgnoreCase(options.directive("cluster-enabled"))
        && options.directive("cluster-port") == null) {
      int busPort = freePorts.getAsInt();
      while (busPort == port) {
        busPort = freePorts.getAsInt();
      }
      lines.add("cluster-port " + busPort);
    }
    lines.addAll(options.directives());
    try {
      Files.write(configFile(), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RedisServerException("Cannot write " + configFile() + ": " + e.getMessage(), e);
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(binary.toString(), configFile().toString()));
    if (options.sentinel()) {
      command.add("--sentinel");
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new RedisServerException("Cannot run " + binary + ": " + e.getMessage(), e);
    }
    awaitCondition("answer PING", options.startupTimeout(), this::readinessProblem);
  }

  /** Null once this process answers PING, else what is still wrong. */
  private String readinessProblem() {
    try (RespSocket socket = connect(PROBE_TIMEOUT)) {
      socket.command("PING");
      // Until our process has bound the port, another server that won the race may answer.
      String info = (String) socket.command("INFO", "server");
      String expected = "process_id:" + process.pid();
      return Arrays.asList(info.split("\r\n")).contains(expected)
          ? null
          : "another process answers on port " + port;
    } catch (UncheckedIOException | RedisErrorReply e) {
      return e.getMessage();
    }
  }

  private String replicationLinkProblem() {
    try {
      String status = info("replication").get("master_link_status");
      return "up".equals(status) ? null : "master_link_status:" + status;
    } catch (UncheckedIOException | RedisErrorReply e) {
      return e.getMessage();
    }
  }

  /**
   * Polls {@code problem} until it returns null. Fails at once if the process exits, and after
   * {@code timeout} kills the process and fails; both failures quote the log.
   */
  private void awaitCondition(String goal, Duration timeout, Supplier<String> problem) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String current = problem.get(); current != null; current = problem.get()) {
      if (!process.isAlive()) {
        throw new RedisServerException(exitMessage(goal));
      }
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw new RedisServerException(
            String.format(
                "redis-server at %s did not %s within %d ms (last check: %s), so it was killed."
                    + " Its log ends with:%n%s",
                address(), goal, timeout.toMillis(), current, logTail()));
      }
      try {
        // Waiting for exit doubles as the pause between checks and notices a crash at once.
        process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        throw new RedisServerException(
            "Interrupted while waiting for " + address() + " to " + goal);
      }
    }
  }

  private String exitMessage(String goal) {
    if (portWasTaken()) {
      return String.format(
          "redis-server could not listen on %s: the port is already in use. Its log ends with:%n%s",
          address(), logTail());
    }
    return String.format(
        "redis-server at %s exited with code %d before it could %s. Its log ends with:%n%s",
        address(), process.exitValue(), goal, logTail());
  }

  private boolean portWasTaken() {
    return process != null && !process.isAlive() && logTail().contains("Address already in use");
  }

  private Path configFile() {
    return dir.resolve("redis.conf");
  }

  private static Path createDir() {
    try {
      return Files.createTempDirectory("redis-testkit-");
    } catch (IOException e) {
      throw new RedisServerException("Cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  private void deleteDir() {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      throw new RedisServerException("Cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean waitForExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static List<String> lastLines(Path file) {
    try {
      List<String> lines =
          Files.readString(file, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }

  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * How to start a server: the loopback address to bind, a fixed port (0 picks a free one), extra
   * redis.conf directives such as {@code requirepass secret} or {@code maxmemory 10mb}, and how
   * long to wait for PING. Immutable; the {@code with} methods return changed copies.
   */
  public record Options(
      String host, int port, List<String> directives, Duration startupTimeout, boolean sentinel) {
    private static final Pattern LOOPBACK =
        Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Map<String, String> OWNED_BY_TESTKIT =
        Map.of(
            "port", "use Options.withPort",
            "bind", "use Options.withHost",
            "dir", "each server gets its own temporary directory",
            "logfile", "the log goes to redis.log in the working directory",
            "daemonize", "the testkit must own the process");

    public Options {
      if (host == null || !LOOPBACK.matcher(host).matches()) {
        throw new IllegalArgumentException(
            "host must be a 127.x.y.z loopback address, not '" + host + "'");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "port must be 0 (pick a free one) to 65535, not " + port);
      }
      directives = List.copyOf(directives);
      for (String directive : directives) {
        checkDirective(directive);
      }
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException(
            "startupTimeout must be positive, not " + startupTimeout);
      }
    }

    /** 127.0.0.1, a free port, no extra directives, 20 seconds to answer PING. */
    public static Options defaults() {
      return new Options("127.0.0.1", 0, List.of(), Duration.ofSeconds(20), false);
    }

    public Options withHost(String host) {
      return new Options(host, port, directives, startupTimeout, sentinel);
    }

    /** A fixed port, for example to start a new server where a closed one listened. */
    public Options withPort(int port) {
      return new Options(host, port, directives, startupTimeout, sentinel);
    }

    /** Appends redis.conf lines; a later line overrides an earlier one with the same name. */
    public Options withDirectives(String... lines) {
      List<String> all = new ArrayList<>(directives);
      all.addAll(List.of(lines));
      return new Options(host, port, all, startupTimeout, sentinel);
    }

    public Options withStartupTimeout(Duration startupTimeout) {
      return new Options(host, port, directives, startupTimeout, sentinel);
    }

    /** Runs Redis Sentinel ({@code redis-server --sentinel}) instead of a Redis server. */
    public Options asSentinel() {
      return new Options(host, port, directives, startupTimeout, true);
    }

    /** The value of the last directive called {@code name}, unquoted; null if there is none. */
    String directive(String name) {
      String value = null;
      for (String directive : directives) {
        String[] parts = directive.strip().split("\\s+", 2);
        if (parts[0].equalsIgnoreCase(name)) {
          value = parts.length < 2 ? "" : unquote(parts[1]);
        }
      }
      return value;
    }

    String password() {
      String password = directive("requirepass");
      return password == null || password.isEmpty() ? null : password;
    }

    private static void checkDirective(String directive) {
      if (directive == null || directive.isBlank() || directive.contains("\n")) {
        throw new IllegalArgumentException(
            "Each directive must be one non-empty redis.conf line, not '" + directive + "'");
      }
      String name = directive.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      String hint = OWNED_BY_TESTKIT.get(name);
      if (hint != null) {
        throw new IllegalArgumentException(
            "The directive '" + directive + "' is set by the testkit: " + hint + ".");
      }
    }

    private static String unquote(String value) {
      boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
      return quoted ? value.substring(1, value.length() - 1) : value;
    }
  }
}
