package io.redisproxy.proxy.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.upstream.NodeDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Redis Cluster topologies of the live config. A reload that keeps a cluster group as it was
 * keeps its topology, so the slot map is not rediscovered; the others are stopped.
 */
public final class ClusterTopologies implements AutoCloseable {
  private final NodeDirectory nodes;
  private final MeterRegistry registry;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "redis-proxy-cluster-topology");
            thread.setDaemon(true);
            return thread;
          });
  private final List<ClusterTopology> live = new ArrayList<>();

  public ClusterTopologies(NodeDirectory nodes, MeterRegistry registry) {
    this.nodes = nodes;
    this.registry = registry;
  }

  /** The topology for {@code upstream}: the live one when it serves it as it is, else a new one. */
  public synchronized ClusterTopology forUpstream(UpstreamConfig upstream, Duration timeout) {
    for (ClusterTopology topology : live) {
      if (topology.serves(upstream)) {
        return topology;
      }
    }
    ClusterTopology topology = new ClusterTopology(upstream, nodes, scheduler, timeout, registry);
    live.add(topology);
    return topology;
  }

  /** Stops every topology not in {@code used}. */
  public synchronized void retainOnly(Collection<ClusterTopology> used) {
    for (ClusterTopology topology : List.copyOf(live)) {
      if (!used.contains(topology)) {
        topology.close();
        live.remove(topology);
      }
    }
  }

  @Override
  public synchronized void close() {
    live.forEach(ClusterTopology::close);
    live.clear();
    scheduler.shutdownNow();
  }
}
