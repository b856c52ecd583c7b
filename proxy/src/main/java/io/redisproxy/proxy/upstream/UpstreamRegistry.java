package io.redisproxy.proxy.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.metrics.ProxyMetrics;
import io.redisproxy.proxy.resp.RespProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The upstream connections of one event loop, to every node of the live config. Only that event
 * loop touches it, so nothing here locks. Clients on the loop send through it; replies come back on
 * the same loop.
 *
 * <p>Its connections speak RESP2. RESP3 clients' requests travel on a sibling registry whose
 * connections said HELLO 3 (opened when the loop's first RESP3 client asks), so every reply still
 * passes through as the server wrote it, in the client's protocol.
 */
public final class UpstreamRegistry {
  private final EventLoop loop;
  private final Executor resolver;
  private final ProxyMetrics metrics;
  private final RespProtocol protocol;
  private final ReadClock clock;
  private final List<NodePool> retired = new ArrayList<>();
  private UpstreamRegistry resp3;
  private Collection<Node> nodes = List.of();
  private NodePool[] pools = new NodePool[16];
  private UpstreamSettings settings;
  private ScheduledFuture<?> sweeper;

  public UpstreamRegistry(
      EventLoop loop, UpstreamSettings settings, Executor resolver, ProxyMetrics metrics) {
    this(loop, settings, resolver, metrics, RespProtocol.RESP2, new ReadClock());
  }

  private UpstreamRegistry(
      EventLoop loop,
      UpstreamSettings settings,
      Executor resolver,
      ProxyMetrics metrics,
      RespProtocol protocol,
      ReadClock clock) {
    this.loop = loop;
    this.settings = settings;
    this.resolver = resolver;
    this.metrics = metrics;
    this.protocol = protocol;
    this.clock = clock;
  }

  /** The time for replies handled now on this registry's loop. */
  public ReadClock clock() {
    return clock;
  }

  /** The protocol this registry's connections speak. */
  public RespProtocol protocol() {
    return protocol;
  }

  /** The registry of this loop whose connections speak {@code wanted}. Runs on the loop. */
  public UpstreamRegistry speaking(RespProtocol wanted) {
    if (wanted == protocol) {
      return this;
    }
    if (protocol == RespProtocol.RESP3) {
      throw new IllegalStateException("the RESP2 registry of a loop owns its RESP3 sibling");
    }
    if (resp3 == null) {
      resp3 = new UpstreamRegistry(loop, settings, resolver, metrics, RespProtocol.RESP3, clock);
      resp3.apply(nodes, settings);
    }
    return resp3;
  }

  public EventLoop loop() {
    return loop;
  }

  UpstreamSettings settings() {
    return settings;
  }

  /**
   * Makes this loop's connections match {@code nodes}: opens pools for new nodes, retires pools of
   * nodes that left (after they answer what they owe). Runs on the loop.
   */
  public void apply(Collection<Node> nodes, UpstreamSettings newSettings) {
    this.nodes = List.copyOf(nodes);
    if (resp3 != null) {
      resp3.apply(nodes, newSettings);
    }
    boolean[] wanted = new boolean[Math.max(pools.length, maxId(nodes) + 1)];
    for (Node node : nodes) {
      wanted[node.id()] = true;
      pool(node);
    }
    for (int id = 0; id < pools.length; id++) {
      if (pools[id] != null && !wanted[id]) {
        pools[id].retire();
        retired.add(pools[id]);
        pools[id] = null;
      }
    }
    if (sweeper == null || !newSettings.equals(settings)) {
      settings = newSettings;
      if (sweeper != null) {
        sweeper.cancel(false);
      }
      long period =
          Math.max(
              5,
              Math.min(100, TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNanos()) / 10));
      sweeper = loop.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Sends {@code frame} (taking ownership) to {@code node}; the reply goes to {@code callback}.
   * Returns the connection used, or null when the request failed at once.
   */
  public Backpressure send(Node node, ByteBuf frame, ReplyCallback callback, long nanos) {
    return pool(node).send(frame, callback, nanos);
  }

  /** Sends {@code frame} (taking ownership) to {@code node} after ASKING, on one connection. */
  public void sendAsking(Node node, ByteBuf frame, ReplyCallback callback, long nanos) {
    pool(node).sendAsking(frame, callback, nanos);
  }

  /**
   * Runs {@code done} on this loop once every request this loop's pooled connections (of both
   * protocols, retiring ones too) had sent has been answered; at once when none is owed. Runs on
   * the loop.
   */
  public void afterEarlierReplies(Runnable done) {
    List<NodePool> all = new ArrayList<>(retired);
    for (UpstreamRegistry registry : resp3 != null ? List.of(this, resp3) : List.of(this)) {
      for (NodePool pool : registry.pools) {
        if (pool != null) {
          all.add(pool);
        }
      }
      if (registry != this) {
        all.addAll(registry.retired);
      }
    }
    int[] owed = {1};
    Runnable countDown =
        () -> {
          if (--owed[0] == 0) {
            done.run();
          }
        };
    for (NodePool pool : all) {
      owed[0] +=
          pool.pingBehindEarlier(
              reply -> {
                reply.release();
                countDown.run();
              });
    }
    countDown.run();
  }

  /** Opens a connection of a client's own to {@code node}, on this loop; the caller closes it. */
  public DedicatedConnection openDedicated(Node node, DedicatedConnection.Listener listener) {
    return openDedicated(node, listener, List.of());
  }

  /** A connection of its own to {@code node} that sends {@code extraHandshake} first. */
  public DedicatedConnection openDedicated(
      Node node, DedicatedConnection.Listener listener, List<String[]> extraHandshake) {
    return DedicatedConnection.open(
        node, protocol, loop, settings, resolver, listener, extraHandshake);
  }

  /** Sends {@code frames} (taking ownership) back to back on one connection to {@code node}. */
  public void sendTogether(
      Node node, List<ByteBuf> frames, List<ReplyCallback> callbacks, long nanos) {
    pool(node).sendTogether(frames, callbacks, nanos);
  }

  /**
   * Whether {@code node} is known to hold the script {@code sha} in the proxy's script epoch {@code
   * epoch} (which a SCRIPT FLUSH through the proxy ends).
   */
  public boolean hasScript(Node node, String sha, long epoch) {
    return pool(node).hasScript(sha, epoch);
  }

  /** {@code node} holds the script {@code sha} now. */
  public void scriptLoaded(Node node, String sha, long epoch) {
    pool(node).scriptLoaded(sha, epoch);
  }

  /** Whether this loop has a live connection to {@code node}. */
  public boolean connected(Node node) {
    NodePool pool = node.id() < pools.length ? pools[node.id()] : null;
    return pool != null && pool.hasReadyConnection();
  }

  public void close() {
    if (resp3 != null) {
      resp3.close();
    }
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    for (int id = 0; id < pools.length; id++) {
      if (pools[id] != null) {
        pools[id].retire();
        pools[id] = null;
      }
    }
  }

  private NodePool pool(Node node) {
    int id = node.id();
    if (id >= pools.length) {
      pools = Arrays.copyOf(pools, Math.max(id + 1, pools.length * 2));
    }
    NodePool pool = pools[id];
    if (pool == null) {
      pool =
          new NodePool(
              node,
              loop,
              this,
              resolver,
              metrics.upstream(node.upstream(), node.address().toString()));
      pools[id] = pool;
      pool.start();
    }
    return pool;
  }

  private void sweep() {
    long now = System.nanoTime();
    for (NodePool pool : pools) {
      if (pool != null) {
        pool.checkTimeouts(now);
      }
    }
    // Nodes that left the config still owe replies, and the op timeout bounds those too.
    for (Iterator<NodePool> it = retired.iterator(); it.hasNext(); ) {
      NodePool pool = it.next();
      pool.checkTimeouts(now);
      if (!pool.hasReadyConnection()) {
        it.remove();
      }
    }
  }

  private static int maxId(Collection<Node> nodes) {
    int max = -1;
    for (Node node : nodes) {
      max = Math.max(max, node.id());
    }
    return max;
  }
}
