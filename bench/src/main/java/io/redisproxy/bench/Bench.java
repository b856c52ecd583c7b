package io.redisproxy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One benchmark run: starts every target on free loopback ports, loads the keyspace, warms the
 * proxies up, measures the targets round-robin so that background load on a shared machine affects
 * them alike, and writes the report of medians.
 */
final class Bench {
  private static final List<String> SHARDS = List.of("shard1", "shard2", "shard3");
  private static final List<String> CLUSTER_NODES =
      IntStream.rangeClosed(1, 6).mapToObj(i -> "cluster" + i).toList();

  private static final Set<String> PROXIES =
      Set.of("proxy", "proxy_epoll", "proxy_flush", "proxy_mirror", "cluster_proxy");

  /** The idle clients' proxy: as in the image, in a 256 MiB container. */
  static final String IDLE_PROXY = "proxy";

  static final List<String> IDLE_PROXY_JVM_OPTIONS =
      List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAM=256m");

  private static final Duration IDLE_CLIENTS_DEADLINE = Duration.ofMinutes(2);

  private static final Pattern PROXY_STARTED = Pattern.compile("listening on \\S+ \\((\\w+), ");

  private final Options options;
  private final Processes processes;
  private final Launcher launcher;
  private final Workload workload;
  private final Map<String, Integer> ports = new HashMap<>();
  private final Map<String, Long> pids = new HashMap<>();
  private final List<Measurement> measurements = new ArrayList<>();
  private BenchmarkRunner runner;

  Bench(Options options, Processes processes) {
    this.options = options;
    this.processes = processes;
    this.launcher = new Launcher(processes, options.proxyJar(), options.javaOpts());
    this.workload = new Workload(options);
  }

  /**
   * Runs the benchmark and returns how many redis-benchmark runs failed, counting a target that did
   * not answer all its idle clients as one more.
   */
  int run() throws IOException {
    String loadBefore = loadAverage();
    runner =
        new BenchmarkRunner(
            processes, clockTicksPerSecond(), Duration.ofSeconds(options.runTimeoutSeconds()));
    pickPorts();
    startTargets();
    Log.info("loading " + options.keyspace() + " keys of " + options.valueSize() + " bytes");
    populate(options.keyspace());
    Map<String, Target> targets = targets();
    warmUp(targets);
    for (int round = 1; round <= options.rounds(); round++) {
      for (Target target : targets.values()) {
        Log.info("round " + round + "/" + options.rounds() + ": " + target.name());
        measurements.addAll(measureTests(target, false));
      }
    }
    List<IdleResult> idle = options.idleClients() > 0 ? measureIdleClients() : List.of();
    List<ResultTable.Row> rows = ResultTable.summarize(measurements, List.copyOf(targets.keySet()));
    Report report =
        new Report(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
            options,
            transportOf("proxy"),
            rows,
            options.mirror() ? mirrorCounts() : "",
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAverage(),
            idle);
    String markdown = report.markdown();
    Files.writeString(options.out(), markdown);
    Files.writeString(
        options.chart(),
        CpuChart.render(
            "CPU µs per request of each target's own process, median of "
                + options.rounds()
                + " rounds",
            rows,
            List.copyOf(targets.keySet())));
    System.out.print(markdown);
    Log.info("results written to " + options.out() + ", the chart to " + options.chart());
    long idleFailures = idle.stream().filter(r -> r.answered() < r.clients()).count();
    return runner.failures() + (int) idleFailures;
  }

  private List<Measurement> measure(Target target, List<Run> runs) {
    List<Measurement> results = new ArrayList<>();
    for (Run run : runs) {
      results.addAll(runner.run(target, run));
    }
    return results;
  }

  private void pickPorts() {
    List<String> names =
        new ArrayList<>(List.of("direct", "proxy", "proxy_admin", "twemproxy", "twemproxy_stats"));
    names.addAll(SHARDS);
    if (options.epoll()) {
      names.addAll(List.of("proxy_epoll", "proxy_epoll_admin"));
    }
    if (options.flushDelayed()) {
      names.addAll(List.of("proxy_flush", "proxy_flush_admin"));
    }
    if (options.mirror()) {
      names.addAll(List.of("proxy_mirror", "proxy_mirror_admin", "mirror_sink"));
    }
    if (options.cluster()) {
      names.addAll(List.of("cluster_proxy", "cluster_proxy_admin"));
      for (String node : CLUSTER_NODES) {
        names.addAll(List.of(node, node + "_bus"));
      }
    }
    List<Integer> free = FreePorts.pick(names.size());
    for (int i = 0; i < names.size(); i++) {
      ports.put(names.get(i), free.get(i));
    }
  }

  private void startTargets() {
    Log.info(
        "starting redis-servers, the proxy (ioThreads " + options.ioThreads() + ") and twemproxy");
    for (String name : concat(List.of("direct"), SHARDS)) {
      started(name, launcher.redis(name, ports.get(name)));
    }
    List<Integer> shardPorts = SHARDS.stream().map(ports::get).toList();
    startProxy("proxy", "0us", OptionalInt.empty(), List.of());
    if (options.epoll()) {
      Log.info("starting a proxy on the epoll transport");
      startProxy("proxy_epoll", "0us", OptionalInt.empty(), List.of("--transport", "epoll"));
    }
    if (options.flushDelayed()) {
      Log.info("starting a proxy with flushDelay " + options.flushDelay());
      startProxy("proxy_flush", options.flushDelay(), OptionalInt.empty(), List.of());
    }
    if (options.mirror()) {
      Log.info("starting a mirroring proxy and the redis-server it mirrors to");
      started("mirror_sink", launcher.redis("mirror_sink", ports.get("mirror_sink")));
      startProxy("proxy_mirror", "0us", OptionalInt.of(ports.get("mirror_sink")), List.of());
    }
    started(
        "twemproxy",
        launcher.twemproxy(
            "twemproxy",
            ports.get("twemproxy"),
            ports.get("twemproxy_stats"),
            Configs.twemproxy(ports.get("twemproxy"), shardPorts)));
    if (options.cluster()) {
      Log.info("starting a 6-node Redis Cluster and a proxy over it");
      List<Process> nodes =
          launcher.cluster(
              CLUSTER_NODES.stream().map(ports::get).toList(),
              CLUSTER_NODES.stream().map(node -> ports.get(node + "_bus")).toList());
      for (int i = 0; i < nodes.size(); i++) {
        started(CLUSTER_NODES.get(i), nodes.get(i));
      }
      String config =
          Configs.clusterProxy(
              ports.get("cluster_proxy"),
              ports.get("cluster_proxy_admin"),
              options.ioThreads(),
              List.of(ports.get("cluster1"), ports.get("cluster2")));
      started("cluster_proxy", launcher.proxy("cluster_proxy", ports.get("cluster_proxy"), config));
    }
  }

  private void startProxy(
      String name, String flushDelay, OptionalInt mirrorTo, List<String> proxyOptions) {
    String config =
        Configs.proxy(
            ports.get(name),
            ports.get(name + "_admin"),
            options.ioThreads(),
            options.hashing(),
            flushDelay,
            SHARDS.stream().map(ports::get).toList(),
            mirrorTo,
            OptionalInt.empty());
    started(name, launcher.proxy(name, ports.get(name), config, options.javaOpts(), proxyOptions));
  }

  /** The transport a proxy reported when it started listening, as its log says. */
  private String transportOf(String name) {
    try {
      Matcher started = PROXY_STARTED.matcher(Files.readString(processes.log(name)));
      return started.find() ? started.group(1) : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void started(String name, Process process) {
    pids.put(name, process.pid());
  }

  /** The targets in the order they are measured; a test's first is its "vs direct" baseline. */
  private Map<String, Target> targets() {
    Map<String, Target> targets = new LinkedHashMap<>();
    add(targets, "direct", List.of(), false);
    add(targets, "proxy", SHARDS, false);
    if (options.epoll()) {
      add(targets, "proxy_epoll", SHARDS, false);
    }
    if (options.flushDelayed()) {
      add(targets, "proxy_flush", SHARDS, false);
    }
    if (options.mirror()) {
      add(targets, "proxy_mirror", concat(SHARDS, List.of("mirror_sink")), false);
    }
    add(targets, "twemproxy", SHARDS, false);
    if (options.cluster()) {
      targets.put(
          "cluster_direct",
          new Target(
              "cluster_direct",
              ports.get("cluster1"),
              OptionalLong.empty(),
              pidsOf(CLUSTER_NODES),
              true));
      add(targets, "cluster_proxy", CLUSTER_NODES, true);
    }
    return targets;
  }

  private void add(
      Map<String, Target> targets, String name, List<String> shards, boolean overCluster) {
    targets.put(
        name,
        new Target(
            name, ports.get(name), OptionalLong.of(pids.get(name)), pidsOf(shards), overCluster));
  }

  private List<Long> pidsOf(List<String> names) {
    return names.stream().map(pids::get).toList();
  }

  /**
   * Writes the first COUNT keys straight into the direct server and into all three shards. Each
   * proxy hashes differently, so only a copy on every shard lets GET and MGET find a value
   * whichever shard a proxy picks; otherwise one target would answer with cheaper nil replies.
   */
  private void populate(int count) throws IOException {
    populate(count, concat(List.of("direct"), SHARDS));
  }

  private void populate(int count, List<String> servers) throws IOException {
    Path commands = processes.workDir().resolve("populate-" + count + ".resp");
    if (!Files.exists(commands)) {
      Files.write(commands, Populate.commands(count, options.valueSize()));
    }
    for (String name : servers) {
      launcher.runToEnd(
          "populate-" + name,
          List.of("redis-cli", "-h", "127.0.0.1", "-p", ports.get(name).toString(), "--pipe"),
          commands,
          Duration.ofMinutes(5),
          "could not load " + count + " keys into " + name);
    }
  }

  /**
   * Writes the keys the 1 MiB runs overwrote back to their small values, so that the other tests
   * read what they always read and the servers' memory stays bounded. The mirror's copies too, for
   * its memory only: no test reads it.
   */
  private void restoreLargeValueKeys() {
    List<String> servers = concat(List.of("direct"), SHARDS);
    if (options.mirror()) {
      servers.add("mirror_sink");
    }
    try {
      populate(Workload.LARGE_VALUE_KEYS, servers);
    } catch (IOException e) {
      throw new UncheckedIOException("could not restore the keys of the 1 MiB runs", e);
    }
  }

  /** The client limit of the idle clients' proxy and redis-server: room for a few more. */
  static int idleClientLimit(int clients) {
    return clients + 100;
  }

  /**
   * Opens the idle clients to a proxy, twemproxy and a redis-server, each started for this alone
   * and stopped after, and reads each one's resident memory before and after.
   */
  private List<IdleResult> measureIdleClients() {
    int clients = options.idleClients();
    int limit = idleClientLimit(clients);
    List<Integer> free = FreePorts.pick(5);
    List<Integer> shardPorts = SHARDS.stream().map(ports::get).toList();
    List<IdleResult> results = new ArrayList<>();
    String proxyConfig =
        Configs.proxy(
            free.get(0),
            free.get(1),
            options.ioThreads(),
            options.hashing(),
            "0us",
            shardPorts,
            OptionalInt.empty(),
            OptionalInt.of(limit));
    results.add(
        idle(
            IDLE_PROXY,
            free.get(0),
            () ->
                launcher.proxy(
                    "idle_proxy", free.get(0), proxyConfig, IDLE_PROXY_JVM_OPTIONS, List.of())));
    results.add(
        idle(
            "twemproxy",
            free.get(2),
            () ->
                launcher.twemproxy(
                    "idle_twemproxy",
                    free.get(2),
                    free.get(3),
                    Configs.twemproxy(free.get(2), shardPorts))));
    results.add(
        idle(
            "redis-server",
            free.get(4),
            () ->
                launcher.redis(
                    "idle_redis", free.get(4), "--maxclients", Integer.toString(limit))));
    return results;
  }

  /** Starts the target, opens the idle clients to it and stops it; a failure is recorded. */
  private IdleResult idle(String target, int port, Supplier<Process> start) {
    int clients = options.idleClients();
    IdleResult result;
    Process process = null;
    try {
      process = start.get();
      Log.info("opening " + clients + " idle clients to " + target);
      long before = ProcessCpu.rssKib(process.pid());
      try (IdleClients open = IdleClients.open(port, clients, IDLE_CLIENTS_DEADLINE)) {
        long after = ProcessCpu.rssKib(process.pid());
        result = new IdleResult(target, clients, open.answered(), before, after, open.firstError());
      }
    } catch (IOException | RuntimeException e) {
      result = new IdleResult(target, clients, 0, -1, -1, String.valueOf(e.getMessage()));
    } finally {
      if (process != null) {
        Processes.stop(process, Duration.ofSeconds(10));
      }
    }
    if (result.answered() < clients) {
      Log.info(
          "FAILED: "
              + result.answered()
              + " of "
              + clients
              + " idle clients of "
              + target
              + " had their PONG: "
              + result.error());
    }
    return result;
  }

  /**
   * Every test a round makes against {@code target}. A warm-up runs them shorter, and the standard
   * ones even when the rounds leave them out, so that the JIT has compiled the proxies' hot paths
   * before anything counts (twemproxy and redis-server have no JIT to warm); the 1 MiB runs go
   * through code the small ones do not (reads gathered into composite buffers) only a few times per
   * MiB, so they warm with their full count.
   */
  private List<Measurement> measureTests(Target target, boolean warmUp) {
    List<Measurement> results = new ArrayList<>();
    if (options.standard() || warmUp) {
      results.addAll(measure(target, shortened(workload.standard(target.overCluster()), warmUp)));
    }
    if (!target.overCluster() && options.manyClients() > 0) {
      results.addAll(measure(target, shortened(workload.manyClients(), warmUp)));
    }
    if (!target.overCluster() && options.large()) {
      results.addAll(measure(target, workload.largeValues()));
      restoreLargeValueKeys();
    }
    return results;
  }

  private static List<Run> shortened(List<Run> runs, boolean warmUp) {
    return warmUp ? runs.stream().map(run -> run.scaledDown(4)).toList() : runs;
  }

  private void warmUp(Map<String, Target> targets) {
    for (Target target : targets.values()) {
      if (PROXIES.contains(target.name())) {
        Log.info("warming up " + target.name());
        measureTests(target, true);
      }
    }
  }

  /** The mirroring proxy's counts of mirrored and dropped writes, read from its /metrics. */
  private String mirrorCounts() {
    try {
      String metrics = metrics(ports.get("proxy_mirror_admin"));
      return "it mirrored "
          + PrometheusText.sum(metrics, "redisproxy_mirror_mirrored_total")
          + " writes and dropped "
          + PrometheusText.sum(metrics, "redisproxy_mirror_dropped_total");
    } catch (IOException e) {
      return "its mirror counts could not be read: " + e.getMessage();
    }
  }

  private static String metrics(int adminPort) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The load averages over 1, 5 and 15 minutes, as uptime prints them. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** CLK_TCK, the unit of the CPU times in /proc/<pid>/stat. */
  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (getconf.waitFor() != 0) {
        throw new IllegalStateException("getconf CLK_TCK failed: " + out.strip());
      }
      return Long.parseLong(out.strip());
    } catch (IOException e) {
      throw new UncheckedIOException("could not run getconf CLK_TCK", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running getconf", e);
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
