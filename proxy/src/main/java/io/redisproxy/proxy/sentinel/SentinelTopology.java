package io.redisproxy.proxy.sentinel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redisproxy.proxy.client.RespClient;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.route.Upstream;
import io.redisproxy.proxy.sentinel.SentinelReplies.MasterView;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.NodeDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which servers hold each shard of one group, as its Redis Sentinels say. Asked on a timer and at
 * once when a sentinel announces a change ({@link SentinelSubscriber}), on its own threads:
 * requests only read the current shards, never wait for the sentinels.
 *
 * <p>Every sentinel is asked and the answer with the highest config epoch wins, so a sentinel that
 * missed a failover cannot send writes back to a former primary; a new primary is adopted only once
 * it says so itself ({@code ROLE}). While no sentinel answers, the shards stay as last known.
 */
public final class SentinelTopology implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SentinelTopology.class);
  // A promoted replica may take a moment to say it is a primary: look again soon.
  private static final long UNSETTLED_RETRY_MILLIS = 200;

  /** How long a followed promotion outranks the sentinels' view if they never announce it. */
  private static final long FOLLOW_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Where a shard lives now. */
  record Placement(HostPort primary, List<HostPort> replicas) {}

  private final UpstreamConfig config;
  private final List<HostPort> sentinels;
  private final NodeDirectory nodes;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final Runnable changed;
  // By shard. Never removed: a reload's new topology of the same group counts on in the same
  // series.
  private final Counter[] switches;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final List<SentinelSubscriber> subscribers = new ArrayList<>();
  private volatile Upstream upstream;
  private volatile Placement[] placements;

  /**
   * When each shard's requests last followed a promotion the sentinels have not yet announced as a
   * switch (System.nanoTime), by shard; meanwhile their {@code SENTINEL MASTER} still names the
   * former primary, which must not win back the shard.
   */
  private final Map<Integer, Long> followed = new HashMap<>();

  private volatile String lastError = "the sentinels were not asked yet";
  private ScheduledFuture<?> timer;
  private boolean closed;

  SentinelTopology(
      UpstreamConfig config,
      NodeDirectory nodes,
      ScheduledExecutorService scheduler,
      Duration timeout,
      MeterRegistry registry,
      Runnable changed) {
    this.config = config;
    this.sentinels = config.sentinel().addresses().stream().map(HostPort::parse).toList();
    this.nodes = nodes;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.changed = changed;
    this.placements = new Placement[config.shards().size()];
    this.switches = new Counter[config.shards().size()];
    for (int i = 0; i < switches.length; i++) {
      switches[i] =
          Counter.builder("redisproxy.sentinel.primary.switches")
              .description(
                  "Times the shard's primary moved to another server by a sentinel failover")
              .tags("upstream", config.name(), "shard", config.shards().get(i).name())
              .register(registry);
    }
  }

  /** Whether this topology serves {@code other} as it is (a reload keeps what it learned). */
  boolean serves(UpstreamConfig other) {
    return config.name().equals(other.name())
        && Objects.equals(config.sentinel(), other.sentinel())
        && config.shards().equals(other.shards())
        && config.auth().equals(other.auth())
        && Objects.equals(config.tls(), other.tls())
        && config.connectionsPerNode().equals(other.connectionsPerNode());
  }

  /** Ties the topology to the routing's group object and gives it every shard known so far. */
  public synchronized void bind(Upstream upstream) {
    this.upstream = upstream;
    for (int i = 0; i < placements.length; i++) {
      if (placements[i] != null) {
        upstream.replace(shard(i, placements[i]));
      }
    }
  }

  /**
   * Asks the sentinels once (bounded by the connect timeout per server), then keeps following. What
   * the first answer finds needs no listener: the caller applies the config it is part of.
   */
  public void start() {
    synchronized (this) {
      if (timer != null || closed) {
        return;
      }
      long every = config.sentinel().refreshInterval().toMillis();
      timer = scheduler.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
      for (HostPort sentinel : sentinels) {
        SentinelSubscriber subscriber =
            new SentinelSubscriber(
                sentinel,
                config.sentinel(),
                config.tls(),
                timeout,
                this::requestRefresh,
                this::requestFollow);
        subscribers.add(subscriber);
        subscriber.start();
      }
      refreshLocked();
    }
  }

  /** The shards whose primary the sentinels have not named yet. */
  public List<String> shardsWithoutPrimary() {
    Placement[] known = placements;
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < known.length; i++) {
      if (known[i] == null) {
        missing.add(config.shards().get(i).name());
      }
    }
    return missing;
  }

  /** Why a shard has no known primary, for errors and readiness. */
  public String lastError() {
    return lastError;
  }

  /** Asks the sentinels soon, on the topology's thread; requests made meanwhile are one. */
  void requestRefresh() {
    if (queued.compareAndSet(false, true)) {
      scheduler.execute(
          () -> {
            queued.set(false);
            refresh();
          });
    }
  }

  /**
   * Sends a shard's requests to a replica a sentinel announces it promoted, once the replica says
   * it is a primary. The sentinels name it in {@code SENTINEL MASTER} only after pointing the other
   * replicas at it, which takes a second or more; the former primary is a replica or gone by then,
   * so requests that went there would fail meanwhile.
   */
  void requestFollow(SentinelReplies.Promotion promotion) {
    scheduler.execute(() -> follow(promotion));
  }

  private void follow(SentinelReplies.Promotion promotion) {
    boolean moved = false;
    synchronized (this) {
      int index = shardIndex(promotion.master());
      if (closed || index < 0) {
        return;
      }
      Placement current = placements[index];
      if (current != null
          && !current.primary().equals(promotion.promoted())
          && claimsPrimary(promotion.promoted(), new ArrayList<>())) {
        List<HostPort> replicas = new ArrayList<>(current.replicas());
        replicas.remove(promotion.promoted());
        Placement placement = new Placement(promotion.promoted(), List.copyOf(replicas));
        log.info(
            "upstream {} shard {}: primary {}, promoted by a sentinel",
            config.name(),
            promotion.master(),
            promotion.promoted());
        Placement[] next = placements.clone();
        next[index] = placement;
        placements = next;
        followed.put(index, System.nanoTime());
        switches[index].increment();
        upstream.replace(shard(index, placement));
        moved = true;
      }
    }
    if (moved) {
      changed.run();
    }
  }

  private int shardIndex(String master) {
    List<ShardConfig> shards = config.shards();
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).name().equals(master)) {
        return i;
      }
    }
    return -1;
  }

  private void refresh() {
    boolean moved;
    synchronized (this) {
      if (closed) {
        return;
      }
      moved = refreshLocked();
    }
    // Outside the lock: the listener re-applies the live config, which may bind this topology.
    if (moved) {
      changed.run();
    }
  }

  /** Asks every sentinel about every shard; true when a shard's servers changed. */
  private boolean refreshLocked() {
    List<ShardConfig> shards = config.shards();
    List<List<MasterView>> views = new ArrayList<>();
    List<List<List<HostPort>>> replicas = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      views.add(new ArrayList<>());
      replicas.add(new ArrayList<>());
    }
    List<String> failures = new ArrayList<>();
    for (HostPort sentinel : sentinels) {
      try (RespClient client = connect(sentinel, config.sentinel().auth())) {
        for (int i = 0; i < shards.size(); i++) {
          String name = shards.get(i).name();
          try {
            views.get(i).add(SentinelReplies.master(client.command("SENTINEL", "MASTER", name)));
            replicas
                .get(i)
                .add(SentinelReplies.healthyReplicas(client.command("SENTINEL", "REPLICAS", name)));
          } catch (RespClient.RespError e) {
            failures.add(sentinel + " on " + name + ": " + e.getMessage());
          }
        }
      } catch (IOException | RuntimeException e) {
        failures.add(sentinel + ": " + e.getMessage());
      }
    }
    boolean moved = false;
    boolean unsettled = false;
    Placement[] next = placements.clone();
    for (int i = 0; i < shards.size(); i++) {
      MasterView newest = SentinelReplies.newest(views.get(i));
      if (newest == null) {
        continue;
      }
      List<HostPort> shardReplicas = replicas.get(i).get(views.get(i).indexOf(newest));
      Placement current = next[i];
      if (current != null && current.primary().equals(newest.primary())) {
        followed.remove(i);
      }
      if (current == null || !current.primary().equals(newest.primary())) {
        Long since = followed.get(i);
        if (since != null && System.nanoTime() - since < FOLLOW_LIMIT_NANOS) {
          // A promoted replica serves; the sentinels announce the switch to it soon.
          unsettled = true;
          continue;
        }
        followed.remove(i);
        if (!claimsPrimary(newest.primary(), failures)) {
          unsettled = true;
          continue;
        }
        if (current != null) {
          switches[i].increment();
        }
        log.info(
            "upstream {} shard {}: primary {} (config epoch {}), replicas {}",
            config.name(),
            shards.get(i).name(),
            newest.primary(),
            newest.configEpoch(),
            shardReplicas);
      }
      Placement placement = new Placement(newest.primary(), List.copyOf(shardReplicas));
      if (!placement.equals(current)) {
        next[i] = placement;
        upstream.replace(shard(i, placement));
        moved = true;
      }
    }
    placements = next;
    lastError =
        failures.isEmpty() ? "the sentinels name no primary for it" : String.join("; ", failures);
    if (unsettled && !closed) {
      scheduler.schedule(this::requestRefresh, UNSETTLED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
    return moved;
  }

  /** Whether the server the sentinels name as a primary says it is one. */
  private boolean claimsPrimary(HostPort address, List<String> failures) {
    try (RespClient client = connect(address, config.auth())) {
      if (SentinelReplies.isPrimary(client.command("ROLE"))) {
        return true;
      }
      failures.add(address + " is named the primary but is not one yet");
    } catch (IOException | RuntimeException e) {
      failures.add(address + " is named the primary but cannot be asked: " + e.getMessage());
    }
    return false;
  }

  private RespClient connect(HostPort address, UpstreamAuth auth) throws IOException {
    RespClient client = RespClient.connect(address.host(), address.port(), timeout, config.tls());
    try {
      client.auth(auth);
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private Shard shard(int index, Placement placement) {
    List<Node> replicas = new ArrayList<>();
    for (HostPort replica : placement.replicas()) {
      replicas.add(node(replica));
    }
    return new Shard(
        upstream,
        index,
        config.shards().get(index).name(),
        node(placement.primary()),
        List.copyOf(replicas));
  }

  private Node node(HostPort address) {
    return nodes.node(
        config.name(), address, config.auth(), config.tls(), config.connectionsPerNode());
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
    subscribers.forEach(SentinelSubscriber::close);
  }
}
