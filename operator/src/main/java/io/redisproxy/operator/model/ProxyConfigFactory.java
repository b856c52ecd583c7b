package io.redisproxy.operator.model;

import io.redisproxy.operator.api.v1alpha1.AuthSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalClusterSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalShardSpec;
import io.redisproxy.operator.api.v1alpha1.ExternalUpstreamSpec;
import io.redisproxy.operator.api.v1alpha1.FailoverSpec;
import io.redisproxy.operator.api.v1alpha1.HashAlgorithm;
import io.redisproxy.operator.api.v1alpha1.HashingSpec;
import io.redisproxy.operator.api.v1alpha1.LimitsSpec;
import io.redisproxy.operator.api.v1alpha1.MirrorSpec;
import io.redisproxy.operator.api.v1alpha1.MirroringSpec;
import io.redisproxy.operator.api.v1alpha1.ProxySpec;
import io.redisproxy.operator.api.v1alpha1.ReadPolicySetting;
import io.redisproxy.operator.api.v1alpha1.RedisProxySpec;
import io.redisproxy.operator.api.v1alpha1.RemoteSpec;
import io.redisproxy.operator.api.v1alpha1.RouteSpec;
import io.redisproxy.operator.api.v1alpha1.SecretKeyRef;
import io.redisproxy.operator.api.v1alpha1.TimeoutsSpec;
import io.redisproxy.operator.api.v1alpha1.TlsSpec;
import io.redisproxy.operator.api.v1alpha1.UpstreamAuthSpec;
import io.redisproxy.operator.api.v1alpha1.UpstreamTlsSpec;
import io.redisproxy.proxy.config.AuthConfig;
import io.redisproxy.proxy.config.ClusterConfig;
import io.redisproxy.proxy.config.DurationText;
import io.redisproxy.proxy.config.FailoverConfig;
import io.redisproxy.proxy.config.Hashing;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.ListenerTls;
import io.redisproxy.proxy.config.MirrorConfig;
import io.redisproxy.proxy.config.MirroringConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.SentinelConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.config.UpstreamTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the proxy's config from a RedisProxy. The proxy in a Redis pod shards over every shard's
 * primary through the headless Service's per-pod DNS names, with the shard's other pods as
 * replicas, or, when sentinels fail primaries over, over the shards the sentinels name; a
 * proxy-only tier serves the external upstream groups.
 */
final class ProxyConfigFactory {
  private ProxyConfigFactory() {}

  static ProxyConfig create(RedisProxyModel model, RedisProxySpec spec) {
    ProxySpec proxy = spec.getProxy() != null ? spec.getProxy() : new ProxySpec();
    List<UpstreamConfig> upstreams = new ArrayList<>();
    List<RouteConfig> routes;
    if (model.managesRedis()) {
      upstreams.add(managedGroup(model, spec, proxy));
      routes = managedRoutes(model, spec);
    } else {
      upstreams.addAll(externalGroups(spec, proxy));
      routes = routes(spec.getRoutes());
    }
    upstreams.addAll(remoteGroups(spec.getRemotes(), proxy));
    return new ProxyConfig(
        new ProxyConfig.Endpoint(null, model.proxyPort()),
        new ProxyConfig.Endpoint(null, model.adminPort()),
        proxy.getIoThreads(),
        upstreams,
        routes,
        timeouts(proxy.getTimeouts()),
        limits(proxy.getLimits()),
        clientAuth(spec.getAuth()),
        mirroring(model, spec),
        listenerTls(spec.getTls()));
  }

  /** TLS to the managed servers: their certificate, checked against their Secret's ca.crt. */
  private static UpstreamTls managedTls(RedisProxyModel model) {
    return model
        .redisTlsSecret()
        .map(
            secret ->
                new UpstreamTls(SecretMounts.file(SecretMounts.ref(secret, "ca.crt")), null, null))
        .orElse(null);
  }

  private static ListenerTls listenerTls(TlsSpec tls) {
    if (tls == null) {
      return null;
    }
    return new ListenerTls(
        SecretMounts.file(SecretMounts.ref(tls.getSecretName(), "tls.crt")),
        SecretMounts.file(SecretMounts.ref(tls.getSecretName(), "tls.key")));
  }

  private static UpstreamTls upstreamTls(UpstreamTlsSpec tls) {
    if (tls == null) {
      return null;
    }
    SecretKeyRef ca = SecretMounts.caRef(tls);
    return new UpstreamTls(
        ca != null ? SecretMounts.file(ca) : null, tls.getServerName(), tls.getVerifyHostname());
  }

  private static AuthConfig clientAuth(AuthSpec auth) {
    if (auth == null || auth.getPasswordSecret() == null) {
      return null;
    }
    return new AuthConfig(null, List.of(SecretMounts.file(auth.getPasswordSecret())), null);
  }

  private static UpstreamAuth upstreamAuth(String username, SecretKeyRef password) {
    return password == null ? null : new UpstreamAuth(username, null, SecretMounts.file(password));
  }

  private static UpstreamAuth upstreamAuth(UpstreamAuthSpec auth) {
    return auth == null ? null : upstreamAuth(auth.getUsername(), auth.getPasswordSecret());
  }

  /** A managed topology is one keyspace: one catch-all route, carrying spec.mirrors. */
  private static List<RouteConfig> managedRoutes(RedisProxyModel model, RedisProxySpec spec) {
    if (spec.getMirrors() == null) {
      return null;
    }
    return List.of(
        new RouteConfig("", model.names().managedUpstreamGroup(), mirrors(spec.getMirrors())));
  }

  /** Each remote is a group of one shard: the other region's proxy endpoint. */
  private static List<UpstreamConfig> remoteGroups(List<RemoteSpec> remotes, ProxySpec proxy) {
    if (remotes == null) {
      return List.of();
    }
    List<UpstreamConfig> groups = new ArrayList<>();
    for (RemoteSpec remote : remotes) {
      groups.add(
          new UpstreamConfig(
              remote.getName(),
              null,
              null,
              null,
              null,
              proxy.getConnectionsPerNode(),
              upstreamAuth(remote.getAuth()),
              List.of(new ShardConfig(remote.getEndpoint())),
              null,
              null,
              upstreamTls(remote.getTls())));
    }
    return groups;
  }

  /**
   * Rendered when anything mirrors or the user set it; the region defaults to the resource's name,
   * which names this side in the other region's metrics and CLIENT LIST.
   */
  private static MirroringConfig mirroring(RedisProxyModel model, RedisProxySpec spec) {
    MirroringSpec mirroring = spec.getMirroring();
    boolean mirrors =
        spec.getMirrors() != null
            || (spec.getRoutes() != null
                && spec.getRoutes().stream()
                    .anyMatch(route -> route != null && route.getMirrors() != null));
    if (mirroring == null && !mirrors) {
      return null;
    }
    MirroringSpec given = mirroring != null ? mirroring : new MirroringSpec();
    return new MirroringConfig(
        given.getRegion() != null ? given.getRegion() : model.names().instance(),
        given.getBufferCommands(),
        given.getBufferBytes());
  }

  private static List<MirrorConfig> mirrors(List<MirrorSpec> mirrors) {
    if (mirrors == null) {
      return null;
    }
    return mirrors.stream()
        .map(
            mirror ->
                new MirrorConfig(
                    mirror.getUpstream(), mirror.getExcludeReadCommands(), mirror.getFraction()))
        .toList();
  }

  private static FailoverConfig failover(FailoverSpec failover) {
    if (failover == null) {
      return null;
    }
    return new FailoverConfig(
        failover.getStandby(),
        duration(failover.getAfter()),
        duration(failover.getFailbackAfter()));
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
    AuthSpec auth = spec.getRedis().getAuth();
    if (model.clusterMode()) {
      List<String> seeds = model.redisAddresses().stream().flatMap(List::stream).toList();
      return group(
          names.managedUpstreamGroup(),
          null,
          spec.getReadPolicy(),
          proxy,
          auth != null ? upstreamAuth(null, auth.getPasswordSecret()) : null,
          List.of(),
          new ClusterConfig(seeds),
          failover(spec.getFailover()),
          managedTls(model));
    }
    UpstreamAuth redisAuth = auth != null ? upstreamAuth(null, auth.getPasswordSecret()) : null;
    UpstreamConfig group =
        group(
            names.managedUpstreamGroup(),
            spec.getHashing(),
            spec.getReadPolicy(),
            proxy,
            redisAuth,
            model.sentinels() ? sentinelShards(model) : shards,
            null,
            failover(spec.getFailover()),
            managedTls(model));
    if (!model.sentinels()) {
      return group;
    }
    // The sentinels require the servers' password too.
    return new UpstreamConfig(
        group.name(),
        group.hashing(),
        group.maglevTableSize(),
        group.hashTags(),
        group.readPolicy(),
        group.connectionsPerNode(),
        group.auth(),
        group.shards(),
        null,
        group.failover(),
        group.tls(),
        new SentinelConfig(model.sentinelAddresses(), redisAuth, null),
        group.flushDelay());
  }

  /** With sentinels, a shard is only its name: they say which pod is its primary now. */
  private static List<ShardConfig> sentinelShards(RedisProxyModel model) {
    List<ShardConfig> shards = new ArrayList<>();
    for (int shard = 0; shard < model.shards(); shard++) {
      shards.add(new ShardConfig(model.names().sentinelMaster(shard), null, List.of()));
    }
    return shards;
  }

  private static String redisAddress(ResourceNames names, int shard, int ordinal) {
    return names.redisHost(shard, ordinal) + ":" + RedisProxyModel.REDIS_PORT;
  }

  private static List<UpstreamConfig> externalGroups(RedisProxySpec spec, ProxySpec proxy) {
    List<UpstreamConfig> groups = new ArrayList<>();
    for (ExternalUpstreamSpec upstream : spec.getUpstreams()) {
      List<ShardConfig> shards = new ArrayList<>();
      if (upstream.getShards() != null) {
        for (ExternalShardSpec shard : upstream.getShards()) {
          shards.add(new ShardConfig(shard.getName(), shard.getPrimary(), shard.getReplicas()));
        }
      }
      ReadPolicySetting readPolicy =
          upstream.getReadPolicy() != null ? upstream.getReadPolicy() : spec.getReadPolicy();
      groups.add(
          group(
              upstream.getName(),
              spec.getHashing(),
              readPolicy,
              proxy,
              upstreamAuth(upstream.getAuth()),
              shards,
              cluster(upstream.getCluster()),
              failover(upstream.getFailover()),
              upstreamTls(upstream.getTls())));
    }
    return groups;
  }

  private static UpstreamConfig group(
      String name,
      HashingSpec hashing,
      ReadPolicySetting readPolicy,
      ProxySpec proxy,
      UpstreamAuth auth,
      List<ShardConfig> shards,
      ClusterConfig cluster,
      FailoverConfig failover,
      UpstreamTls tls) {
    HashingSpec hash = hashing != null ? hashing : new HashingSpec();
    return new UpstreamConfig(
        name,
        hash.getAlgorithm() != null ? hashing(hash.getAlgorithm()) : null,
        hash.getMaglevTableSize(),
        hash.getHashTags(),
        readPolicy != null ? readPolicy(readPolicy) : null,
        proxy.getConnectionsPerNode(),
        auth,
        shards,
        cluster,
        failover,
        tls,
        null,
        duration(proxy.getFlushDelay()));
  }

  private static ClusterConfig cluster(ExternalClusterSpec cluster) {
    if (cluster == null) {
      return null;
    }
    return new ClusterConfig(
        cluster.getSeeds(), duration(cluster.getRefreshInterval()), null, null);
  }

  private static List<RouteConfig> routes(List<RouteSpec> routes) {
    if (routes == null) {
      return null;
    }
    return routes.stream()
        .map(
            route ->
                new RouteConfig(
                    route.getPrefix(),
                    route.getUpstream(),
                    mirrors(route.getMirrors()),
                    route.getReadUpstream(),
                    route.getCaseInsensitive(),
                    route.getRemovePrefix()))
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
        limits.getMaxClients(),
        limits.getMaxRequestBytes(),
        limits.getMaxPipelineDepth(),
        limits.getRefuseCommands());
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
