package io.redisproxy.proxy.mirror;

import io.micrometer.core.instrument.MeterRegistry;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.MirroringConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.NodeDirectory;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The mirror targets of the live config, one sender each. A reload that keeps a target keeps its
 * sender, and with it every command still buffered; a target that left the config is closed.
 */
public final class Mirrors implements AutoCloseable {
  private final NodeDirectory nodes;
  private final MeterRegistry registry;
  private final List<MirrorSender> live = new ArrayList<>();
  private UpstreamRegistry upstreams;

  public Mirrors(NodeDirectory nodes, MeterRegistry registry) {
    this.nodes = nodes;
    this.registry = registry;
  }

  /** The sender for the one-shard group {@code target} (validated), the live one if it has one. */
  public synchronized MirrorSender sender(UpstreamConfig target, MirroringConfig mirroring) {
    Node node =
        nodes.node(
            target.name(),
            HostPort.parse(target.shards().get(0).primary()),
            target.auth(),
            target.tls(),
            1);
    String clientName = MirrorSender.CLIENT_NAME_PREFIX + mirroring.region();
    for (MirrorSender sender : live) {
      if (sender.target().equals(node) && sender.clientName().equals(clientName)) {
        sender.bounds(mirroring.bufferCommands(), mirroring.bufferBytes());
        return sender;
      }
    }
    MirrorSender sender =
        new MirrorSender(
            target.name(),
            node,
            mirroring.region(),
            mirroring.bufferCommands(),
            mirroring.bufferBytes(),
            registry);
    live.add(sender);
    if (upstreams != null) {
      sender.start(upstreams);
    }
    return sender;
  }

  /** Starts every sender, now and later, on the event loop of {@code upstreams}. */
  public synchronized void start(UpstreamRegistry upstreams) {
    this.upstreams = upstreams;
    live.forEach(sender -> sender.start(upstreams));
  }

  /** Closes every sender not in {@code used}. */
  public synchronized void retainOnly(Collection<MirrorSender> used) {
    for (MirrorSender sender : List.copyOf(live)) {
      if (!used.contains(sender)) {
        sender.close();
        live.remove(sender);
      }
    }
  }

  /** Commands every target still has to acknowledge. */
  public synchronized long buffered() {
    long buffered = 0;
    for (MirrorSender sender : live) {
      buffered += sender.bufferedCommands();
    }
    return buffered;
  }

  @Override
  public synchronized void close() {
    live.forEach(MirrorSender::close);
    live.clear();
  }
}
