package io.redisproxy.operator;

import io.redisproxy.operator.local.LocalRun;
import io.redisproxy.operator.local.LocalTopology;
import io.redisproxy.operator.local.LocalTopology.LocalProxy;
import io.redisproxy.operator.local.LocalTopology.LocalRedis;
import io.redisproxy.operator.local.LocalTopology.LocalSentinel;
import io.redisproxy.operator.model.OperatorDefaults;
import io.redisproxy.operator.model.RedisProxyModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code local -f FILE}: runs the topology of the RedisProxy resources in FILE as local processes,
 * rendered through the operator's own model: a redis-server per Redis pod with its replication set
 * up (in front of external upstreams, a stand-in server for each address they name), and a proxy
 * per proxy pod with the config the operator would put in its ConfigMap.
 */
final class LocalCommand {
  static final String USAGE =
      """
      Usage: local -f FILE [-n NAMESPACE] [--port N] [--proxy-jar JAR] [--redis-server PATH]
        -f FILE              RedisProxy resources as YAML; - reads standard input
        -n NAMESPACE         namespace of resources that name none (default: default)
        --port N             first loopback port to use; taken ones are skipped (default: one
                             between 20000 and 30000)
        --proxy-jar JAR      the runnable proxy (default: proxy/target/redis-proxy.jar)
        --redis-server PATH  the redis-server executable (default: redis-server on the PATH)
      """;

  /** What runs while the topology is up; the command stops everything once it returns. */
  interface WhileUp {
    void run(LocalRun run, List<LocalTopology> topologies) throws Exception;
  }

  private final OperatorDefaults defaults;
  private final InputStream stdin;
  private final BooleanSupplier cancelled;

  /** {@code cancelled} turns true when the user stops local mode (Ctrl-C) while it starts. */
  LocalCommand(OperatorDefaults defaults, InputStream stdin, BooleanSupplier cancelled) {
    this.defaults = defaults;
    this.stdin = stdin;
    this.cancelled = cancelled;
  }

  int run(List<String> args, PrintStream out, PrintStream err, WhileUp whileUp) {
    String file = null;
    String namespace = "default";
    Integer firstPort = null;
    Path proxyJar = Path.of("proxy", "target", "redis-proxy.jar");
    String redisServer = "redis-server";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean hasValue = i + 1 < args.size();
      if (arg.equals("-f") && hasValue) {
        file = args.get(++i);
      } else if (arg.equals("-n") && hasValue) {
        namespace = args.get(++i);
      } else if (arg.equals("--port") && hasValue) {
        try {
          firstPort = Integer.parseInt(args.get(++i));
        } catch (NumberFormatException e) {
          err.print("local: --port takes a number\n" + USAGE);
          return RenderCommand.USAGE_ERROR;
        }
      } else if (arg.equals("--proxy-jar") && hasValue) {
        proxyJar = Path.of(args.get(++i));
      } else if (arg.equals("--redis-server") && hasValue) {
        redisServer = args.get(++i);
      } else {
        err.print("local: unexpected argument '" + arg + "'\n" + USAGE);
        return RenderCommand.USAGE_ERROR;
      }
    }
    if (file == null) {
      err.print("local: -f FILE is required\n" + USAGE);
      return RenderCommand.USAGE_ERROR;
    }
    if (!Files.isRegularFile(proxyJar)) {
      err.println(
          "local: no proxy jar at "
              + proxyJar
              + "; build it with 'mvn -pl proxy -am package -DskipTests' or name it with"
              + " --proxy-jar");
      return RenderCommand.USAGE_ERROR;
    }
    RedisProxyFile.Contents contents;
    try {
      contents = RedisProxyFile.parse(RedisProxyFile.read(file, stdin), file, namespace, defaults);
    } catch (IOException e) {
      err.println("local: cannot read " + file + ": " + e.getMessage());
      return RenderCommand.USAGE_ERROR;
    }
    if (!contents.problems().isEmpty()) {
      contents.problems().forEach(err::println);
      return RenderCommand.INVALID;
    }
    if (contents.models().isEmpty()) {
      err.println("local: " + file + " holds no RedisProxy");
      return RenderCommand.INVALID;
    }
    IntSupplier ports =
        freePortsFrom(firstPort != null ? firstPort : 20000 + new Random().nextInt(10000));
    List<LocalTopology> topologies = new ArrayList<>();
    try {
      for (RedisProxyModel model : contents.models()) {
        topologies.add(LocalTopology.of(model, ports));
        if (!model.secretRefs().isEmpty()) {
          out.println(
              model.names().namespace()
                  + "/"
                  + model.names().instance()
                  + ": local mode reads no Secrets, so it runs without AUTH and TLS");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("local: " + e.getMessage());
      return RenderCommand.INVALID;
    }
    LocalRun.Tools tools = new LocalRun.Tools(redisServer, javaExecutable(), proxyJar);
    int servers = topologies.stream().mapToInt(topology -> topology.redis().size()).sum();
    int proxies = topologies.stream().mapToInt(topology -> topology.proxies().size()).sum();
    int sentinels = topologies.stream().mapToInt(topology -> topology.sentinels().size()).sum();
    out.println(
        "starting "
            + servers
            + " redis-servers, "
            + sentinels
            + " sentinels and "
            + proxies
            + " proxies");
    LocalRun run;
    try {
      run =
          LocalRun.start(
              topologies, tools, Files.createTempDirectory("redis-proxy-local-"), cancelled);
    } catch (IOException e) {
      err.println("local: " + e.getMessage());
      return RenderCommand.INVALID;
    }
    try (run) {
      describe(topologies, run, out);
      whileUp.run(run, topologies);
      out.println("stopping");
      return RenderCommand.OK;
    } catch (Exception e) {
      err.println("local: " + e.getMessage());
      return RenderCommand.INVALID;
    }
  }

  private static void describe(List<LocalTopology> topologies, LocalRun run, PrintStream out) {
    for (LocalTopology topology : topologies) {
      out.println(topology.name() + ":");
      for (LocalRedis server : topology.redis()) {
        out.printf(
            "  redis  %-40s 127.0.0.1:%d%s%n",
            server.name(),
            server.port(),
            server.replicaOf() != null ? "  replica of :" + server.replicaOf() : "");
      }
      for (LocalProxy proxy : topology.proxies()) {
        out.printf(
            "  proxy  %-40s 127.0.0.1:%d  admin http://127.0.0.1:%d/metrics%n",
            proxy.name(), proxy.port(), proxy.adminPort());
      }
      for (LocalSentinel sentinel : topology.sentinels()) {
        out.printf("  sentinel %-38s 127.0.0.1:%d%n", sentinel.name(), sentinel.port());
      }
      if (!topology.sentinels().isEmpty()) {
        out.println(
            "  the sentinels fail a shard's primary over to its replica: kill one to see it");
      }
      if (!topology.clusterShards().isEmpty()) {
        out.println(
            "  a Redis Cluster: each shard's first server took its slots, the others replicate it");
      }
      out.println("  connect: redis-cli -p " + topology.proxies().get(0).port());
    }
    out.println("configs, data and logs: " + run.workDir());
  }

  /**
   * Free loopback ports from {@code first} on, skipping taken ones. The default start lies below
   * the kernel's ephemeral range, where the many connections forming a cluster take their ports, so
   * a port chosen here stays free until its server binds it.
   */
  private static IntSupplier freePortsFrom(int first) {
    int[] next = {first};
    return () -> {
      while (next[0] <= 65535) {
        int port = next[0]++;
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          return socket.getLocalPort();
        } catch (IOException taken) {
          // Someone listens there: try the next one.
        }
      }
      throw new UncheckedIOException(new IOException("no free loopback port from " + first));
    };
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
