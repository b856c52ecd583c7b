package io.redisproxy.bench;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The config files of the proxies and of twemproxy under test. */
final class Configs {
  private Configs() {}

  /**
   * A proxy over the shards; given a port, it also mirrors every write there; given a client limit,
   * it takes that many clients instead of its default.
   */
  static String proxy(
      int port,
      int adminPort,
      int ioThreads,
      String hashing,
      String flushDelay,
      List<Integer> shardPorts,
      OptionalInt mirrorTo,
      OptionalInt maxClients) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("listen: {host: 127.0.0.1, port: ").append(port).append("}\n");
    yaml.append("admin: {host: 127.0.0.1, port: ").append(adminPort).append("}\n");
    yaml.append("ioThreads: ").append(ioThreads).append('\n');
    maxClients.ifPresent(n -> yaml.append("limits: {maxClients: ").append(n).append("}\n"));
    yaml.append("upstreams:\n");
    yaml.append("  - name: main\n");
    yaml.append("    hashing: ").append(hashing).append('\n');
    yaml.append("    flushDelay: ").append(flushDelay).append('\n');
    yaml.append("    shards:\n");
    for (int shard : shardPorts) {
      yaml.append("      - primary: 127.0.0.1:").append(shard).append('\n');
    }
    mirrorTo.ifPresent(
        mirror ->
            yaml.append("  - name: west\n")
                .append("    shards: [{primary: 127.0.0.1:")
                .append(mirror)
                .append("}]\n")
                .append("routes:\n")
                .append("  - {prefix: \"\", upstream: main, mirrors: [{upstream: west}]}\n")
                .append("mirroring: {region: bench}\n"));
    return yaml.toString();
  }

  /** A proxy over a Redis Cluster, found through two of its nodes. */
  static String clusterProxy(int port, int adminPort, int ioThreads, List<Integer> seedPorts) {
    return "listen: {host: 127.0.0.1, port: "
        + port
        + "}\nadmin: {host: 127.0.0.1, port: "
        + adminPort
        + "}\nioThreads: "
        + ioThreads
        + "\nupstreams:\n  - name: cluster\n    cluster:\n      seeds: ["
        + seedPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(", "))
        + "]\n";
  }

  /** twemproxy with the settings that make it comparable: one connection per shard, no ejection. */
  static String twemproxy(int port, List<Integer> shardPorts) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("bench:\n");
    yaml.append("  listen: 127.0.0.1:").append(port).append('\n');
    yaml.append("  hash: fnv1a_64\n");
    yaml.append("  distribution: ketama\n");
    yaml.append("  redis: true\n");
    yaml.append("  server_connections: 1\n");
    yaml.append("  auto_eject_hosts: false\n");
    yaml.append("  servers:\n");
    for (int i = 0; i < shardPorts.size(); i++) {
      yaml.append("    - 127.0.0.1:")
          .append(shardPorts.get(i))
          .append(":1 shard")
          .append(i + 1)
          .append('\n');
    }
    return yaml.toString();
  }
}
