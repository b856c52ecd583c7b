package io.redisproxy.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.config.AuthConfig;
import io.redisproxy.proxy.config.ClusterConfig;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.ShardSelectors;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RedisServers;
import io.redisproxy.testkit.RespSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Real redis-servers behind a real proxy on loopback, for integration tests. */
public final class ProxyFixture implements AutoCloseable {
  private final RedisServers redis;
  private final ProxyServer server;

  private ProxyFixture(RedisServers redis, ProxyServer server) {
    this.redis = redis;
    this.server = server;
  }

  public static ProxyFixture start(int shards) {
    return start(shards, config -> config);
  }

  /** {@code shards} servers in one upstream group named {@code main}, then {@code customize}. */
  public static ProxyFixture start(int shards, UnaryOperator<ProxyConfig> customize) {
    RedisServers redis = RedisServers.start(shards);
    try {
      ProxyServer server = ProxyServer.start(customize.apply(config(redis.addresses())));
      return new ProxyFixture(redis, server);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** A config with one upstream group over {@code addresses}, listening on a free port. */
  public static ProxyConfig config(List<String> addresses) {
    return new ProxyConfig(
        new ProxyConfig.Endpoint("127.0.0.1", 0),
        new ProxyConfig.Endpoint("127.0.0.1", 0),
        2,
        List.of(upstream("main", addresses)),
        null,
        null,
        LimitsConfig.DEFAULTS,
        null);
  }

  /** A config with {@code upstream} as its one group, listening on a free port. */
  public static ProxyConfig config(UpstreamConfig upstream) {
    ProxyConfig base = config(List.of());
    return new ProxyConfig(
        base.listen(),
        base.admin(),
        base.ioThreads(),
        List.of(upstream),
        null,
        null,
        base.limits(),
        null);
  }

  /** {@code config} with {@code timeouts} instead of its own. */
  public static ProxyConfig withTimeouts(ProxyConfig config, TimeoutsConfig timeouts) {
    return new ProxyConfig(
        config.listen(),
        config.admin(),
        config.ioThreads(),
        config.upstreams(),
        config.routes(),
        timeouts,
        config.limits(),
        config.auth());
  }

  /** {@code config} with {@code ioThreads} I/O threads instead of its own number. */
  public static ProxyConfig withIoThreads(ProxyConfig config, int ioThreads) {
    return new ProxyConfig(
        config.listen(),
        config.admin(),
        ioThreads,
        config.upstreams(),
        config.routes(),
        config.timeouts(),
        config.limits(),
        config.auth());
  }

  /** {@code config} with {@code limits} instead of its own. */
  public static ProxyConfig withLimits(ProxyConfig config, LimitsConfig limits) {
    return new ProxyConfig(
        config.listen(),
        config.admin(),
        config.ioThreads(),
        config.upstreams(),
        config.routes(),
        config.timeouts(),
        limits,
        config.auth());
  }

  /** {@code config} with {@code auth} instead of its own. */
  public static ProxyConfig withAuth(ProxyConfig config, AuthConfig auth) {
    return new ProxyConfig(
        config.listen(),
        config.admin(),
        config.ioThreads(),
        config.upstreams(),
        config.routes(),
        config.timeouts(),
        config.limits(),
        auth);
  }

  /**
   * A config over one Redis Cluster upstream discovered from {@code seeds}, with one I/O thread,
   * listening on a free port.
   */
  public static ProxyConfig clusterConfig(String name, List<String> seeds, ReadPolicy readPolicy) {
    ProxyConfig base = config(List.of());
    UpstreamConfig upstream =
        new UpstreamConfig(
            name, null, null, null, readPolicy, null, null, null, new ClusterConfig(seeds), null);
    return new ProxyConfig(
        base.listen(), base.admin(), 1, List.of(upstream), null, null, base.limits(), null);
  }

  public static UpstreamConfig upstream(String name, List<String> addresses) {
    return new UpstreamConfig(
        name,
        null,
        null,
        null,
        null,
        null,
        null,
        addresses.stream().map(ShardConfig::new).toList());
  }

  public ProxyServer server() {
    return server;
  }

  public RedisServers redis() {
    return redis;
  }

  public RespSocket client() {
    return RespSocket.connect("127.0.0.1", server.port());
  }

  /** The redis-server that the live config says holds {@code key}. */
  public RedisServer shardOf(String key) {
    return shardOf(server.config(), redis.list()).apply(key);
  }

  /** Which of {@code servers} the first upstream group of {@code config} gives each key. */
  public static Function<String, RedisServer> shardOf(
      ProxyConfig config, List<RedisServer> servers) {
    UpstreamConfig upstream = config.upstreams().get(0);
    ShardSelector selector = ShardSelectors.forUpstream(upstream);
    return key -> {
      ByteBuf buf = Unpooled.copiedBuffer(key, StandardCharsets.UTF_8);
      try {
        String address =
            upstream.shards().get(selector.shardOf(buf, 0, buf.readableBytes())).primary();
        return servers.stream().filter(r -> r.address().equals(address)).findFirst().orElseThrow();
      } finally {
        buf.release();
      }
    };
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      redis.close();
    }
  }
}
