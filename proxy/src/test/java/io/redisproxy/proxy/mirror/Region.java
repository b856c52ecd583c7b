package io.redisproxy.proxy.mirror;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.FailoverConfig;
import io.redisproxy.proxy.config.MirrorConfig;
import io.redisproxy.proxy.config.MirroringConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One "region": two redis-servers behind its own proxy, which may mirror everything to another
 * region's proxy (through a relay that stands for the distance).
 */
final class Region implements AutoCloseable {
  private final String name;
  private final RedisServers redis;
  private ProxyServer proxy;

  private Region(String name, RedisServers redis) {
    this.name = name;
    this.redis = redis;
  }

  static Region start(String name) {
    Region region = new Region(name, RedisServers.start(2));
    region.proxy = ProxyServer.start(region.config(null, null));
    return region;
  }

  /** This region's config, mirroring to {@code remote} ({@code host:port}) unless null. */
  ProxyConfig config(String remote, MirroringConfig mirroring) {
    return config(remote, mirroring, null);
  }

  /**
   * As {@link #config(String, MirroringConfig)}, failing over to {@code remote} by {@code
   * failover}.
   */
  ProxyConfig config(String remote, MirroringConfig mirroring, FailoverConfig failover) {
    ProxyConfig base = ProxyFixture.config(redis.addresses());
    List<UpstreamConfig> upstreams = new ArrayList<>();
    UpstreamConfig main = base.upstreams().get(0);
    upstreams.add(
        new UpstreamConfig(
            main.name(), null, null, null, null, null, null, main.shards(), null, failover));
    List<MirrorConfig> mirrors = List.of();
    if (remote != null) {
      upstreams.add(ProxyFixture.upstream("remote", List.of(remote)));
      mirrors = List.of(new MirrorConfig("remote"));
    }
    MirroringConfig settings =
        mirroring != null
            ? new MirroringConfig(name, mirroring.bufferCommands(), mirroring.bufferBytes())
            : new MirroringConfig(name, null, null);
    return new ProxyConfig(
        proxy == null ? base.listen() : proxy.config().listen(),
        base.admin(),
        base.ioThreads(),
        upstreams,
        List.of(new RouteConfig("", "main", mirrors)),
        null,
        base.limits(),
        null,
        settings);
  }

  /** Mirrors every command to {@code remote} from now on (a live reload). */
  void mirrorTo(String remote, MirroringConfig mirroring) {
    proxy.reload(config(remote, mirroring));
  }

  /** Mirrors to {@code remote} and fails over to it by {@code failover} (a live reload). */
  void standBy(String remote, FailoverConfig failover) {
    proxy.reload(config(remote, null, failover));
  }

  ProxyServer proxy() {
    return proxy;
  }

  RedisServers redis() {
    return redis;
  }

  RespSocket client() {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }

  /** A meter of the mirror to {@code remote}, such as {@code redisproxy_mirror_dropped_total}. */
  double mirrorMetric(String name) {
    String series = name + "{mirror=\"remote\"} ";
    for (String line : proxy.metrics().scrape().split("\n")) {
      if (line.startsWith(series)) {
        return Double.parseDouble(line.substring(series.length()).trim());
      }
    }
    return 0;
  }

  /** Everything this region holds, read through its proxy by type: key to type and value. */
  TreeMap<String, List<Object>> contents() {
    TreeMap<String, List<Object>> contents = new TreeMap<>();
    try (RespSocket client = client()) {
      for (String key : keys(client)) {
        contents.put(key, entry(client, key));
      }
    }
    return contents;
  }

  /** When each key expires, in Unix milliseconds (-1: never), as PEXPIRETIME tells. */
  TreeMap<String, Long> expiries() {
    TreeMap<String, Long> expiries = new TreeMap<>();
    try (RespSocket client = client()) {
      for (String key : keys(client)) {
        expiries.put(key, (Long) client.command("PEXPIRETIME", key));
      }
    }
    return expiries;
  }

  private static List<String> keys(RespSocket client) {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      List<?> page = (List<?>) client.command("SCAN", cursor, "COUNT", "1000");
      cursor = (String) page.get(0);
      for (Object key : (List<?>) page.get(1)) {
        keys.add((String) key);
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  private static List<Object> entry(RespSocket client, String key) {
    String type = (String) client.command("TYPE", key);
    Object value =
        switch (type) {
          case "string" -> client.command("GET", key);
          case "hash" -> new TreeMap<>(pairs((List<?>) client.command("HGETALL", key)));
          case "set" ->
              new java.util.TreeSet<>((List<?>) client.command("SMEMBERS", key)).toString();
          case "zset" -> client.command("ZRANGE", key, "0", "-1", "WITHSCORES");
          case "list" -> client.command("LRANGE", key, "0", "-1");
          case "stream" -> client.command("XRANGE", key, "-", "+");
          default -> type;
        };
    return List.of(type, value);
  }

  private static java.util.Map<String, Object> pairs(List<?> flat) {
    java.util.Map<String, Object> map = new java.util.HashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      map.put((String) flat.get(i), flat.get(i + 1));
    }
    return map;
  }

  /** Closes each of {@code closeables} that is not null, going on past any that fails. */
  static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable closeable : closeables) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // Keep closing the rest: each holds processes or ports of its own.
      }
    }
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } finally {
      redis.close();
    }
  }
}
