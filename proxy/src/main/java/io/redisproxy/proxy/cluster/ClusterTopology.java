package io.redisproxy.proxy.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redisproxy.proxy.client.RespClient;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.route.Upstream;
import io.redisproxy.proxy.shard.Slots;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.NodeDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live slot map of one Redis Cluster upstream. Discovered from the seeds, then refreshed on a
 * timer, after a number of redirects and after node failures, on its own thread: requests only read
 * the current map, never wait for a refresh. Several nodes are asked each time and a map is adopted
 * only by majority ({@link TopologyVote}).
 */
public final class ClusterTopology implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterTopology.class);
  private static final int NODES_ASKED = 5;

  private final UpstreamConfig config;
  private final NodeDirectory nodes;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  // Never removed: a reload's new topology of the same group counts on in the same series.
  private final Counter changes;
  private final AtomicInteger redirects = new AtomicInteger();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Upstream upstream;
  private volatile State state = State.EMPTY;
  private volatile long lastRefreshNanos;
  private volatile String lastError = "not discovered yet";
  private ScheduledFuture<?> timer;

  private record State(List<SlotRange> ranges, Shard[] bySlot, List<Shard> shards, int covered) {
    static final State EMPTY = new State(List.of(), new Shard[Slots.COUNT], List.of(), 0);
  }

  public ClusterTopology(
      UpstreamConfig config,
      NodeDirectory nodes,
      ScheduledExecutorService scheduler,
      Duration timeout,
      MeterRegistry registry) {
    this.config = config;
    this.nodes = nodes;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.changes =
        Counter.builder("redisproxy.cluster.slotmap.changes")
            .description(
                "Times the proxy adopted a changed slot map: a failover, a slot moved, a node added"
                    + " or removed")
            .tag("upstream", config.name())
            .register(registry);
  }

  /** Whether this topology serves {@code other} as it is (a reload keeps its slot map). */
  public boolean serves(UpstreamConfig other) {
    return config.name().equals(other.name())
        && config.cluster().equals(other.cluster())
        && config.auth().equals(other.auth())
        && config.connectionsPerNode().equals(other.connectionsPerNode());
  }

  /** Ties the topology to the routing's group object; shards made from now on point to it. */
  public void bind(Upstream upstream) {
    this.upstream = upstream;
    State current = state;
    if (!current.ranges().isEmpty()) {
      state = build(current.ranges());
    }
  }

  /** Discovers the cluster (bounded by the connect timeout per node) and starts refreshing. */
  public synchronized void start() {
    if (timer == null) {
      refresh();
      long every = config.cluster().refreshInterval().toMillis();
      timer = scheduler.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** The shard serving {@code slot}; null while no known node serves it (the map is refreshed). */
  public Shard shardOfSlot(int slot) {
    Shard shard = state.bySlot()[slot];
    if (shard == null && discovered()) {
      // A slot nobody serves: being assigned, or its shard is gone. Look again soon.
      requestRefresh();
    }
    return shard;
  }

  /** How many of the 16384 slots a known node serves. */
  public int coveredSlots() {
    return state.covered();
  }

  public List<Shard> shards() {
    return state.shards();
  }

  /** Why no slot map is known, for errors and readiness. */
  public String lastError() {
    return lastError;
  }

  public boolean discovered() {
    return !state.ranges().isEmpty();
  }

  /** The node at {@code address} (a redirect names one), as this group's connections reach it. */
  public Node node(HostPort address) {
    return nodes.node(
        config.name(), address, config.auth(), config.tls(), config.connectionsPerNode());
  }

  /** A request was redirected: the map is stale somewhere; refresh after a few of these. */
  public void redirected() {
    if (redirects.incrementAndGet() >= config.cluster().refreshAfterRedirects()) {
      requestRefresh();
    }
  }

  /**
   * A read found no replica in the map: Redis Cluster lists a replica only once it has synced, so a
   * young map may lack one that is there now.
   */
  public void replicasMissing() {
    requestRefresh();
  }

  /** A node failed: a failover may be under way. */
  public void nodeFailed() {
    requestRefresh();
  }

  private void requestRefresh() {
    long minGap = config.cluster().minRefreshInterval().toNanos();
    if (System.nanoTime() - lastRefreshNanos >= minGap && refreshing.compareAndSet(false, true)) {
      scheduler.execute(this::refreshOnce);
    }
  }

  private void refreshOnce() {
    try {
      refresh();
    } finally {
      refreshing.set(false);
    }
  }

  private synchronized void refresh() {
    lastRefreshNanos = System.nanoTime();
    redirects.set(0);
    List<List<SlotRange>> answers = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (HostPort address : nodesToAsk()) {
      try (RespClient client =
          RespClient.connect(address.host(), address.port(), timeout, config.tls())) {
        client.auth(config.auth());
        answers.add(ClusterSlots.parse(client.command("CLUSTER", "SLOTS")));
      } catch (Exception e) {
        failures.add(address + ": " + e.getMessage());
      }
    }
    State current = state;
    List<SlotRange> decided = TopologyVote.decide(answers, current.ranges());
    if (decided == null || decided.isEmpty()) {
      lastError = "no node answered CLUSTER SLOTS (" + String.join("; ", failures) + ")";
      if (current.ranges().isEmpty()) {
        log.warn("cluster {}: {}", config.name(), lastError);
      }
      return;
    }
    if (!decided.equals(current.ranges())) {
      if (!current.ranges().isEmpty()) {
        changes.increment();
      }
      state = build(decided);
      log.info(
          "cluster {}: {} primaries serving {} slot ranges",
          config.name(),
          state.shards().size(),
          decided.size());
    }
  }

  /** The seeds and the current primaries and replicas, a few of them. */
  private List<HostPort> nodesToAsk() {
    Set<HostPort> candidates = new LinkedHashSet<>();
    for (SlotRange range : state.ranges()) {
      candidates.add(range.primary());
    }
    for (String seed : config.cluster().seeds()) {
      candidates.add(HostPort.parse(seed));
    }
    for (SlotRange range : state.ranges()) {
      candidates.addAll(range.replicas());
    }
    return candidates.stream().limit(NODES_ASKED).toList();
  }

  private State build(List<SlotRange> ranges) {
    Shard[] bySlot = new Shard[Slots.COUNT];
    List<Shard> shards = new ArrayList<>();
    for (SlotRange range : ranges) {
      Shard shard = null;
      for (Shard existing : shards) {
        if (existing.primary().address().equals(range.primary())) {
          shard = existing;
        }
      }
      if (shard == null) {
        List<Node> replicas = new ArrayList<>();
        for (HostPort replica : range.replicas()) {
          replicas.add(
              nodes.node(
                  config.name(),
                  replica,
                  config.auth(),
                  config.tls(),
                  config.connectionsPerNode(),
                  true));
        }
        shard =
            new Shard(
                upstream,
                shards.size(),
                range.primary().toString(),
                node(range.primary()),
                List.copyOf(replicas));
        shards.add(shard);
      }
      for (int slot = range.start(); slot <= range.end() && slot < Slots.COUNT; slot++) {
        bySlot[slot] = shard;
      }
    }
    int covered = 0;
    for (Shard shard : bySlot) {
      covered += shard != null ? 1 : 0;
    }
    return new State(List.copyOf(ranges), bySlot, List.copyOf(shards), covered);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
