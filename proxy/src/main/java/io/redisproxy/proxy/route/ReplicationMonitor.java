package io.redisproxy.proxy.route;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches the replicas of the live config: once a second it asks each shard's primary and replicas
 * for {@code INFO replication}, marks replicas whose link to their primary is down as unfit for
 * reads, and exports each replica's lag. It polls from one event loop through that loop's upstream
 * connections, so it needs no thread, socket or credentials of its own, and a reply never blocks.
 *
 * <p>It lives as long as the proxy, across config reloads, so what it learned about a replica
 * survives a reload that keeps it.
 */
public final class ReplicationMonitor implements ReplicaLinks, AutoCloseable {
  private static final long POLL_INTERVAL_MILLIS = 1000;
  private static final int OFFSET_SAMPLES = 256;

  private final MeterRegistry registry;
  // Indexed by node id; replaced whole on the monitor's loop, read by every event loop.
  private volatile ReplicaState[] states = new ReplicaState[0];
  private volatile UpstreamRegistry upstreams;
  private volatile ScheduledFuture<?> task;
  private volatile boolean closed;
  // Touched on the monitor's loop only.
  private Map<Integer, OffsetHistory> histories = new HashMap<>();
  private List<ShardPoll> polls = List.of();

  public ReplicationMonitor(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts polling through {@code upstreams}, on its event loop. */
  public void start(UpstreamRegistry upstreams) {
    this.upstreams = upstreams;
    task =
        upstreams
            .loop()
            .scheduleAtFixedRate(
                this::pollAll, POLL_INTERVAL_MILLIS, POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Watches the replicas of {@code shards} instead of the previous ones and polls them at once.
   * Runs on the monitor's loop before any task submitted there later, so a caller that then retires
   * the connections of removed nodes knows no poll will open them again.
   */
  public void watch(List<Shard> shards) {
    upstreams.loop().execute(() -> replace(shards));
  }

  /**
   * Whether the last poll found {@code replica} linked to its primary. True for a replica not
   * polled yet: the first poll runs as soon as it is watched.
   */
  @Override
  public boolean linkUp(Node replica) {
    ReplicaState[] current = states;
    int id = replica.id();
    ReplicaState state = id < current.length ? current[id] : null;
    return state == null || state.linkUp();
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> current = task;
    if (current != null) {
      current.cancel(false);
    }
  }

  private void replace(List<Shard> shards) {
    ReplicaState[] current = states;
    ReplicaState[] next = new ReplicaState[0];
    Map<Integer, OffsetHistory> nextHistories = new HashMap<>();
    List<ShardPoll> nextPolls = new ArrayList<>();
    for (Shard shard : shards) {
      if (shard.replicas().isEmpty()) {
        continue;
      }
      List<ReplicaState> replicas = new ArrayList<>();
      for (Node replica : shard.replicas()) {
        int id = replica.id();
        ReplicaState state = id < current.length ? current[id] : null;
        if (state == null) {
          state = new ReplicaState(replica, registry);
        }
        if (id >= next.length) {
          next = Arrays.copyOf(next, id + 1);
        }
        next[id] = state;
        replicas.add(state);
      }
      int primaryId = shard.primary().id();
      OffsetHistory history = histories.get(primaryId);
      if (history == null) {
        history = new OffsetHistory(OFFSET_SAMPLES);
      }
      nextHistories.put(primaryId, history);
      nextPolls.add(new ShardPoll(shard.toString(), shard.primary(), history, replicas));
    }
    for (ReplicaState old : current) {
      if (old != null && !contains(next, old)) {
        old.close();
      }
    }
    polls.forEach(ShardPoll::retire);
    states = next;
    histories = nextHistories;
    polls = nextPolls;
    pollAll();
  }

  private void pollAll() {
    if (closed) {
      return;
    }
    for (ShardPoll poll : polls) {
      poll.start(upstreams);
    }
  }

  private static boolean contains(ReplicaState[] states, ReplicaState state) {
    int id = state.node().id();
    return id < states.length && states[id] == state;
  }
}
