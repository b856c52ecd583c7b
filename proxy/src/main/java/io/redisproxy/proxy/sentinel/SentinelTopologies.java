package io.redisproxy.proxy.sentinel;

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
 * The Sentinel-led groups of the live config. A reload that keeps such a group as it was keeps its
 * topology, so what the sentinels said is not asked again; the others are stopped.
 */
public final class SentinelTopologies implements AutoCloseable {
  private final NodeDirectory nodes;
  private final MeterRegistry registry;
  private final Runnable changed;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "redis-proxy-sentinel-topology");
            thread.setDaemon(true);
            return thread;
          });
  private final List<SentinelTopology> live = new ArrayList<>();

  /** {@code changed} runs, off the event loops, whenever a shard's servers change. */
  public SentinelTopologies(NodeDirectory nodes, MeterRegistry registry, Runnable changed) {
    this.nodes = nodes;
    this.registry = registry;
    this.changed = changed;
  }

  /** The topology for {@code upstream}: the live one when it serves it as it is, else a new one. */
  public synchronized SentinelTopology forUpstream(UpstreamConfig upstream, Duration timeout) {
    for (SentinelTopology topology : live) {
      if (topology.serves(upstream)) {
        return topology;
      }
    }
    SentinelTopology topology =
        new SentinelTopology(upstream, nodes, scheduler, timeout, registry, changed);
    live.add(topology);
    return topology;
  }

  /** Stops every topology not in {@code used}. */
  public synchronized void retainOnly(Collection<SentinelTopology> used) {
    for (SentinelTopology topology : List.copyOf(live)) {
      if (!used.contains(topology)) {
        topology.close();
        live.remove(topology);
      }
    }
  }

  @Override
  public synchronized void close() {
    live.forEach(SentinelTopology::close);
    live.clear();
    scheduler.shutdownNow();
  }
}
