package io.redisproxy.bench;

import java.util.List;
import java.util.Locale;

/**
 * The Markdown report of one benchmark run: what ran against what, how to read the columns, and the
 * table of medians.
 */
record Report(
    String timeUtc,
    Options options,
    String proxyTransport,
    List<ResultTable.Row> rows,
    String mirrorCounts,
    int cores,
    String loadBefore,
    String loadAfter,
    List<IdleResult> idle) {

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# redis-proxy benchmark, ").append(timeUtc).append("\n\n");
    out.append("direct: one redis-server; proxy: redis-proxy (")
        .append(options.hashing())
        .append(", ioThreads ")
        .append(options.ioThreads())
        .append(", ")
        .append(proxyTransport)
        .append(") over\n");
    out.append(
        "three redis-servers; twemproxy: nutcracker (ketama, fnv1a_64) over the same three.\n");
    if (options.cluster()) {
      out.append(
          "Cluster rows: cluster_direct is redis-benchmark --cluster straight to a 3-primary,\n");
      out.append("3-replica Redis Cluster; cluster_proxy is redis-proxy over the same cluster.\n");
    }
    if (options.standard()) {
      out.append("redis-benchmark -c ")
          .append(options.clients())
          .append(" -r ")
          .append(options.keyspace())
          .append(" -d ")
          .append(options.valueSize())
          .append("; requests per run:\n");
      out.append("SET/GET -P 1: ")
          .append(options.requestsP1())
          .append(", SET/GET -P 16: ")
          .append(options.requestsP16())
          .append(", MGET: ")
          .append(options.requestsMget())
          .append(". ");
    }
    out.append("Median of ").append(options.rounds()).append(" rounds.\n");
    if (options.manyClients() > 0) {
      out.append("SET/GET ")
          .append(options.manyClients())
          .append(" clients: the same at -P 1 and -P 16 from -c ")
          .append(options.manyClients())
          .append(".\n");
    }
    if (options.large()) {
      out.append("SET/GET 1 MiB: -d ")
          .append(Workload.LARGE_VALUE_BYTES)
          .append(" -c ")
          .append(Workload.LARGE_VALUE_CLIENTS)
          .append(" -r ")
          .append(Workload.LARGE_VALUE_KEYS)
          .append(", ")
          .append(options.requestsLarge())
          .append(" requests per run.\n");
    }
    if (options.epoll()) {
      out.append("proxy_epoll: a second redis-proxy like proxy on the epoll transport, which a pod")
          .append(" runs\nwhere its seccomp profile refuses io_uring.\n");
    }
    if (options.flushDelayed()) {
      out.append("proxy_flush: a second redis-proxy like proxy whose upstream has flushDelay ")
          .append(options.flushDelay())
          .append(".\n");
    }
    if (options.mirror()) {
      out.append(
          "proxy_mirror: a second redis-proxy like proxy that also mirrors every write to a\n");
      out.append("fifth redis-server; ").append(mirrorCounts).append(".\n");
    }
    out.append(
        "CPU µs/req: user and system time of the process serving the target (redis-server,\n");
    out.append(
        "redis-proxy, nutcracker) per request; the load generator and the shards are not in it.\n");
    out.append("shards CPU µs/req: the same for the redis-servers behind a proxy, all together.\n");
    out.append(
        "all CPU µs/req: the same for the load generator and every process serving the target\n");
    out.append(
        "(its own and the redis-servers behind it): with every process on the same cores, a\n");
    out.append("target cannot serve more than (cores / all CPU) requests per second.\n");
    out.append("Cores: ")
        .append(cores)
        .append(". Load before: ")
        .append(loadBefore)
        .append("; after: ")
        .append(loadAfter)
        .append(".\n\n");
    out.append(MarkdownTable.render(rows));
    if (options.manyClients() > 0) {
      out.append("\n## ").append(options.manyClients()).append(" clients\n\n");
      out.append("p99 latency with ")
          .append(options.manyClients())
          .append(" clients, its growth from ")
          .append(options.clients())
          .append(" clients (where those ran too) and its ratio to the first target's:\n\n");
      out.append(ScaleSummaries.manyClients(rows, options.clients(), options.manyClients()));
    }
    if (options.large()) {
      out.append("\n## 1 MiB values\n\n");
      out.append(
          "Each request carries one 1 MiB value, so requests per second are MiB per second\n");
      out.append("and CPU per request is CPU per MiB:\n\n");
      out.append(ScaleSummaries.largeValues(rows));
    }
    if (!idle.isEmpty()) {
      out.append("\n## ").append(options.idleClients()).append(" idle clients\n\n");
      out.append(
          "Each client sent PING once and waited for +PONG, then stayed connected; RSS is\n");
      out.append(
          "VmRSS from /proc/<pid>/status, MB and KB are 10^6 and 10^3 bytes. The proxy runs\n");
      out.append("with the image's JVM flags in a 256 MiB container (")
          .append(String.join(" ", Bench.IDLE_PROXY_JVM_OPTIONS))
          .append("),\nits limits.maxClients and the redis-server's maxclients at ")
          .append(Bench.idleClientLimit(options.idleClients()))
          .append(". Target: proxy RSS at most ")
          .append(String.format(Locale.ROOT, "%.0f", ScaleSummaries.IDLE_PROXY_RSS_TARGET_MB))
          .append(" MB with the clients connected")
          .append(
              ScaleSummaries.proxyWithinTarget(idle, Bench.IDLE_PROXY)
                  .map(met -> met ? " (met)" : " (not met)")
                  .orElse(""))
          .append(".\n\n");
      out.append(ScaleSummaries.idleClients(idle));
    }
    return out.toString();
  }
}
