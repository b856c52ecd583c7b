package io.redisproxy.operator.model;

import io.redisproxy.operator.api.v1alpha1.ExternalShardSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalUpstreamSpec;
import io.redisproxy.operator.api.v1alpha1.HashAlgorithm;
import io.redisproxy.operator.api.v1alpha1.HashingSpec;
import io.redisproxy.operator.api.v1alpha1.LimitsSpec;
import io.redisproxy.operator.api.v1alpha1.ProxySpec;
import io.redisproxy.operator.api.v1alpha1.ReadPolicySetting;
import io.redisproxy.operator.api.v1alpha1.RedisProxySpec;
import io.redisproxy.operator.api.v1alpha1.RouteSpec;
import io.redisproxy.operator.api.v1alpha1.TimeoutsSpec;
import io.redisproxy.proxy.config.DurationText;
import io.redisproxy.proxy.config.Hashing;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the proxy's config from a RedisProxy. The proxy in a Redis pod shards over every shard's
 * primary through the headless Service's per-pod DNS names, with the shard's other pods as
 * replicas; a proxy-only tier serves the external upstream groups.
 */
final class ProxyConfigFactory {
  private ProxyConfigFactory() {}

  static ProxyConfig create(RedisProxyModel model, RedisProxySpec spec) {
    ProxySpec proxy = spec.getProxy() != null ? spec.getProxy() : new ProxySpec();
    List<UpstreamConfig> upstreams =
        model.managesRedis()
            ? List.of(managedGroup(model, spec, proxy))
            : externalGroups(spec, proxy);
    return new ProxyConfig(
        new ProxyConfig.Endpoint(null, model.proxyPort()),
        new ProxyConfig.Endpoint(null, model.adminPort()),
        proxy.getIoThreads(),
        upstreams,
        routes(spec.getRoutes()),
        timeouts(proxy.getTimeouts()),
        limits(proxy.getLimits()),
        null);
  }

  private static UpstreamConfig managedGroup(
      RedisProxyModel model, RedisProxySpec spec, ProxySpec proxy) {
    ResourceNames names = model.names();
    List<ShardConfig> shards = new ArrayList<>();
    for (int shard = 0; shard < model.shards(); shard++) {
      List<String> replicas = new ArrayList<>();
      for (int ordinal = 1; ordinal < model.podsPerShard(); ordinal++) {
        replicas.add(redisAddress(names, shard, ordinal));
      }
      shards.add(new ShardConfig(names.shardName(shard), redisAddress(names, shard, 0), replicas));
    }
    return group(
        names.managedUpstreamGroup(), spec.getHashing(), spec.getReadPolicy(), proxy, shards);
  }

  private static String redisAddress(ResourceNames names, int shard, int ordinal) {
    return names.redisHost(shard, ordinal) + ":" + RedisProxyModel.REDIS_PORT;
  }

  private static List<UpstreamConfig> externalGroups(RedisProxySpec spec, ProxySpec proxy) {
    List<UpstreamConfig> groups = new ArrayList<>();
    for (ExternalUpstreamSpec upstream : spec.getUpstreams()) {
      List<ShardConfig> shards = new ArrayList<>();
      for (ExternalShardSpec shard : upstream.getShards()) {
        shards.add(new ShardConfig(shard.getName(), shard.getPrimary(), shard.getReplicas()));
      }
      ReadPolicySetting readPolicy =
          upstream.getReadPolicy() != null ? upstream.getReadPolicy() : spec.getReadPolicy();
      groups.add(group(upstream.getName(), spec.getHashing(), readPolicy, proxy, shards));
    }
    return groups;
  }

  private static UpstreamConfig group(
      String name,
      HashingSpec hashing,
      ReadPolicySetting readPolicy,
      ProxySpec proxy,
      List<ShardConfig> shards) {
    HashingSpec hash = hashing != null ? hashing : new HashingSpec();
    return new UpstreamConfig(
        name,
        hash.getAlgorithm() != null ? hashing(hash.getAlgorithm()) : null,
        hash.getMaglevTableSize(),
        hash.getHashTags(),
        readPolicy != null ? readPolicy(readPolicy) : null,
        proxy.getConnectionsPerNode(),
        null,
        shards);
  }

  private static List<RouteConfig> routes(List<RouteSpec> routes) {
    if (routes == null) {
      return null;
    }
    return routes.stream()
        .map(route -> new RouteConfig(route.getPrefix(), route.getUpstream()))
        .toList();
  }

  private static TimeoutsConfig timeouts(TimeoutsSpec timeouts) {
    if (timeouts == null) {
      return null;
    }
    return new TimeoutsConfig(
        duration(timeouts.getConnect()),
        duration(timeouts.getOperation()),
        duration(timeouts.getIdleClient()),
        duration(timeouts.getShutdownGrace()),
        duration(timeouts.getReconnectMax()));
  }

  private static Duration duration(String text) {
    return text != null ? DurationText.parse(text) : null;
  }

  private static LimitsConfig limits(LimitsSpec limits) {
    if (limits == null) {
      return null;
    }
    return new LimitsConfig(
        limits.getMaxClients(), limits.getMaxRequestBytes(), limits.getMaxPipelineDepth());
  }

  static Hashing hashing(HashAlgorithm algorithm) {
    return switch (algorithm) {
      case MAGLEV -> Hashing.MAGLEV;
      case KETAMA -> Hashing.KETAMA;
    };
  }

  static ReadPolicy readPolicy(ReadPolicySetting setting) {
    return switch (setting) {
      case PRIMARY -> ReadPolicy.PRIMARY;
      case PREFER_PRIMARY -> ReadPolicy.PREFER_PRIMARY;
      case REPLICA -> ReadPolicy.REPLICA;
      case PREFER_REPLICA -> ReadPolicy.PREFER_REPLICA;
      case ANY -> ReadPolicy.ANY;
    };
  }
}
