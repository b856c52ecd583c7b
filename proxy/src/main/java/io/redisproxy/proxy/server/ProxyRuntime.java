package io.redisproxy.proxy.server;

import io.netty.handler.ssl.SslContext;
import io.redisproxy.proxy.cluster.ClusterTopologies;
import io.redisproxy.proxy.command.CommandTable;
import io.redisproxy.proxy.command.RefusedCommands;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.mirror.Mirrors;
import io.redisproxy.proxy.route.Failovers;
import io.redisproxy.proxy.route.ReadRouting;
import io.redisproxy.proxy.route.ReplicaLinks;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.sentinel.SentinelTopologies;
import io.redisproxy.proxy.tls.TlsContexts;
import io.redisproxy.proxy.upstream.NodeDirectory;

/**
 * Everything a request needs from the live config, built once per config and swapped whole on
 * reload. Sessions read it per read batch, so a reload applies to the next requests.
 *
 * @param moveBarrier whether requests sent before the latest key move began are all answered
 */
record ProxyRuntime(
    ProxyConfig config,
    String configHash,
    RoutingTable routing,
    CommandTable commands,
    RefusedCommands refusedCommands,
    Authenticator authenticator,
    ReadRouting readRouting,
    SslContext clientTls,
    MoveBarrier moveBarrier) {

  static ProxyRuntime build(
      ProxyConfig config,
      NodeDirectory nodes,
      ClusterTopologies clusters,
      SentinelTopologies sentinels,
      Mirrors mirrors,
      Failovers failovers,
      CommandTable commands,
      ReplicaLinks replicaLinks,
      MoveBarrier moveBarrier) {
    // First: a certificate that cannot be used refuses the config before anything changes.
    SslContext clientTls = config.tls() != null ? TlsContexts.server(config.tls()) : null;
    return new ProxyRuntime(
        config,
        ConfigCodec.hash(config),
        RoutingTable.build(config, nodes, clusters, sentinels, mirrors, failovers),
        commands,
        new RefusedCommands(commands, config.limits().refuseCommands()),
        new Authenticator(config.auth()),
        new ReadRouting(replicaLinks),
        clientTls,
        moveBarrier);
  }
}
