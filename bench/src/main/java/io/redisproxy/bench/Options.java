package io.redisproxy.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's settings, given as {@code --name value} pairs named like hack/bench.sh's
 * environment settings ({@code --n-p1} for N_P1). {@code --quick 1} only lowers the defaults of the
 * sizes; values given explicitly win.
 */
record Options(
    Path proxyJar,
    int rounds,
    long requestsP1,
    long requestsP16,
    long requestsMget,
    int mgetKeys,
    int clients,
    int keyspace,
    int valueSize,
    int ioThreads,
    String hashing,
    List<String> javaOpts,
    int runTimeoutSeconds,
    Path out,
    boolean cluster,
    String flushDelay,
    boolean mirror,
    boolean epoll,
    boolean standard,
    int manyClients,
    boolean large,
    long requestsLarge,
    int idleClients) {

  private static final Set<String> NAMES =
      Set.of(
          "proxy-jar",
          "quick",
          "rounds",
          "n-p1",
          "n-p16",
          "n-mget",
          "mget-keys",
          "clients",
          "keyspace",
          "value-size",
          "io-threads",
          "hashing",
          "java-opts",
          "run-timeout",
          "out",
          "cluster",
          "flush-delay",
          "mirror",
          "epoll",
          "standard",
          "many-clients",
          "large",
          "n-large",
          "idle-clients");

  /** The chart goes next to the Markdown: OUT with .svg instead of .md. */
  Path chart() {
    String name = out.getFileName().toString();
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return out.resolveSibling(base + ".svg");
  }

  boolean flushDelayed() {
    return !flushDelay.isEmpty();
  }

  static Options parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option " + args[i] + "; the options are --" + String.join(", --", NAMES));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      given.put(name, args[i + 1]);
    }
    Values values = new Values(given, "1".equals(given.get("quick")));
    String tmp = System.getenv().getOrDefault("TMPDIR", System.getProperty("java.io.tmpdir"));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String javaOpts = values.text("java-opts", "").strip();
    return new Options(
        Path.of(values.text("proxy-jar", "proxy/target/redis-proxy.jar")),
        values.number("rounds", 3, 1),
        values.number("n-p1", 200_000, 2000),
        values.number("n-p16", 1_000_000, 20_000),
        values.number("n-mget", 50_000, 1000),
        values.number("mget-keys", 100, 100),
        values.number("clients", 50, 50),
        values.number("keyspace", 100_000, 100_000),
        values.number("value-size", 64, 64),
        values.number("io-threads", 0, 0),
        values.text("hashing", "maglev"),
        javaOpts.isEmpty() ? List.of() : Arrays.asList(javaOpts.split("\\s+")),
        values.number("run-timeout", 300, 300),
        Path.of(values.text("out", Path.of(tmp, "redis-proxy-bench-" + stamp + ".md").toString())),
        values.flag("cluster"),
        values.text("flush-delay", "200us"),
        values.flag("mirror"),
        values.flag("epoll"),
        values.flag("standard"),
        values.number("many-clients", 1000, 1000),
        values.flag("large"),
        values.number("n-large", 2000, 100),
        values.number("idle-clients", 10_000, 1000));
  }

  /** Reads given values, else the full run's or the quick run's default. */
  private record Values(Map<String, String> given, boolean quick) {
    String text(String name, String fallback) {
      return given.getOrDefault(name, fallback);
    }

    int number(String name, int full, int quickDefault) {
      String value = given.get(name);
      if (value == null || value.isEmpty()) {
        return quick ? quickDefault : full;
      }
      try {
        int number = Integer.parseInt(value);
        if (number < 0) {
          throw new NumberFormatException();
        }
        return number;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + name + " must be a whole number of 0 or more, not '" + value + "'");
      }
    }

    /** On unless given as 0. */
    boolean flag(String name) {
      String value = given.getOrDefault(name, "1");
      if (!value.equals("0") && !value.equals("1")) {
        throw new IllegalArgumentException("--" + name + " must be 0 or 1, not '" + value + "'");
      }
      return value.equals("1");
    }
  }
}
