package io.redisproxy.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.redisproxy.proxy.cluster.ClusterTopologies;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.command.CommandTable;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.metrics.ProxyMetrics;
import io.redisproxy.proxy.mirror.Mirrors;
import io.redisproxy.proxy.net.Transport;
import io.redisproxy.proxy.route.Failovers;
import io.redisproxy.proxy.route.ReplicationMonitor;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.route.Upstream;
import io.redisproxy.proxy.sentinel.SentinelTopologies;
import io.redisproxy.proxy.sentinel.SentinelTopology;
import io.redisproxy.proxy.shard.Slots;
import io.redisproxy.proxy.upstream.NodeDirectory;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import io.redisproxy.proxy.upstream.UpstreamSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's data plane: accepts clients, gives each event loop its own upstream connections, and
 * swaps the live config whole on reload without touching client connections.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final Transport transport;
  private final ProxyMetrics metrics;
  private final int ioThreads;
  private final NodeDirectory nodes = new NodeDirectory();
  private final ClusterTopologies clusters;
  private final SentinelTopologies sentinels;
  private final Mirrors mirrors;
  private final Failovers failovers;
  private final CommandTable commands = CommandTable.standard();
  private final ScriptCache scripts = new ScriptCache();
  private final Map<EventExecutor, UpstreamRegistry> registries = new IdentityHashMap<>();
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger clientCount = new AtomicInteger();
  private final AtomicLong nextClientId = new AtomicLong();
  private final ExecutorService resolver;
  private final ReplicationMonitor replication;
  private final long startedAt = System.nanoTime();
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  // Mirror senders run apart from the client loops, so mirroring costs clients no loop time.
  private final EventLoopGroup mirrorLoop;
  private volatile ProxyRuntime runtime;
  private Channel serverChannel;
  private boolean closed;

  private ProxyServer(ProxyConfig config, Transport transport, ProxyMetrics metrics) {
    this.transport = transport;
    this.metrics = metrics;
    this.ioThreads = config.effectiveIoThreads();
    this.clusters = new ClusterTopologies(nodes, metrics.registry());
    this.sentinels = new SentinelTopologies(nodes, metrics.registry(), this::serversMoved);
    this.replication = new ReplicationMonitor(metrics.registry());
    this.mirrors = new Mirrors(nodes, metrics.registry());
    this.failovers = new Failovers(metrics.registry());
    this.runtime =
        ProxyRuntime.build(
            config,
            nodes,
            clusters,
            sentinels,
            mirrors,
            failovers,
            commands,
            replication,
            MoveBarrier.passed());
    this.resolver =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "redis-proxy-resolver");
              thread.setDaemon(true);
              return thread;
            });
    this.acceptor = transport.newGroup(1, "redis-proxy-accept");
    this.workers = transport.newGroup(ioThreads, "redis-proxy-io");
    this.mirrorLoop = transport.newGroup(1, "redis-proxy-mirror");
  }

  /** Starts serving {@code config} (already validated) and returns once the port is bound. */
  public static ProxyServer start(ProxyConfig config) {
    return start(config, Transport.best(), ProxyMetrics.create());
  }

  public static ProxyServer start(ProxyConfig config, Transport transport, ProxyMetrics metrics) {
    ProxyServer server = new ProxyServer(config, transport, metrics);
    try {
      server.bind();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bind() {
    runtime.routing().topologies().forEach(ClusterTopology::start);
    runtime.routing().sentinels().forEach(SentinelTopology::start);
    UpstreamSettings settings = settings(runtime.config());
    for (EventExecutor executor : workers) {
      UpstreamRegistry registry =
          new UpstreamRegistry((EventLoop) executor, settings, resolver, metrics);
      registries.put(executor, registry);
    }
    applyToEveryLoop(runtime);
    mirrors.start(new UpstreamRegistry((EventLoop) mirrorLoop.next(), settings, resolver, metrics));
    replication.start(registries.get(workers.next()));
    failovers.retainOnly(runtime.routing().failovers());
    failovers.start((EventLoop) workers.next());
    replication.watch(runtime.routing().shards());
    metrics.configInUse(runtime.configHash());
    metrics.readiness(() -> notReadyReason().isEmpty());
    ProxyConfig.Endpoint listen = runtime.config().listen();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptor, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    admit(channel);
                  }
                });
    try {
      serverChannel = bootstrap.bind(listen.host(), listen.port()).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + listen.host(), e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen on " + listen.host() + ":" + listen.port() + ": " + e.getMessage(), e);
    }
  }

  private void admit(SocketChannel channel) {
    ProxyRuntime live = runtime;
    if (clientCount.incrementAndGet() > live.config().limits().maxClients()) {
      clientCount.decrementAndGet();
      metrics.clientRejected();
      channel
          .writeAndFlush(
              Unpooled.copiedBuffer(
                  "-ERR max number of clients reached\r\n", StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    metrics.clientConnected();
    if (live.clientTls() != null) {
      channel.pipeline().addLast(live.clientTls().newHandler(channel.alloc()));
    }
    channel
        .closeFuture()
        .addListener(
            f -> {
              clientCount.decrementAndGet();
              metrics.clientDisconnected();
            });
    Duration idle = live.config().timeouts().idleClient();
    if (!idle.isZero()) {
      channel
          .pipeline()
          .addLast(new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
    }
    channel.pipeline().addLast(new ClientSession(this, nextClientId.incrementAndGet()));
    clients.add(channel);
  }

  /** The port clients connect to (the bound one when the config asked for port 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Applies a validated config to new requests; client connections stay open. */
  public synchronized void reload(ProxyConfig config) {
    ProxyConfig old = runtime.config();
    if (!old.listen().equals(config.listen()) || !old.ioThreads().equals(config.ioThreads())) {
      log.warn("listen address and ioThreads changes take effect after a restart");
    }
    boolean moveBegins = !moveIds(config).stream().allMatch(moveIds(old)::contains);
    MoveBarrier barrier = moveBegins ? MoveBarrier.unarmed() : runtime.moveBarrier();
    ProxyRuntime next =
        ProxyRuntime.build(
            config, nodes, clusters, sentinels, mirrors, failovers, commands, replication, barrier);
    next.routing().topologies().forEach(ClusterTopology::start);
    next.routing().sentinels().forEach(SentinelTopology::start);
    // Swap first: a request routed by the old config after its loop retired a removed node would
    // open a new pool to that node, which then stays connected. The health poll, too, must stop
    // asking removed nodes before their pools retire.
    runtime = next;
    if (moveBegins) {
      // Sessions first: a CLIENT UNBLOCK they send then goes ahead of the barrier's PINGs.
      for (ClientSession session : sessions()) {
        Runnable looked = barrier.hold();
        session
            .ctx()
            .executor()
            .execute(
                () -> {
                  session.moveBegan(barrier);
                  looked.run();
                });
      }
      barrier.arm(registries);
    }
    replication.watch(next.routing().shards());
    applyToEveryLoop(next);
    clusters.retainOnly(next.routing().topologies());
    sentinels.retainOnly(next.routing().sentinels());
    mirrors.retainOnly(next.routing().mirrorSenders());
    failovers.retainOnly(next.routing().failovers());
    metrics.configReloaded(true);
    metrics.configInUse(next.configHash());
    log.info("config {} is live", next.configHash());
  }

  /** The ids of the key moves under way by {@code config}. */
  private static Set<String> moveIds(ProxyConfig config) {
    Set<String> ids = new HashSet<>();
    for (UpstreamConfig upstream : config.upstreams()) {
      if (upstream.moving()) {
        ids.add(upstream.resharding().id());
      }
    }
    return ids;
  }

  /**
   * The key moves of the live config and how far this proxy is with each (admin {@code
   * /resharding}): a move's phase counts as reached once every request sent before the move began
   * is answered.
   */
  public List<MoveReport> moves() {
    ProxyRuntime live = runtime;
    List<MoveReport> reports = new ArrayList<>();
    for (UpstreamConfig upstream : live.config().upstreams()) {
      if (upstream.moving()) {
        Resharding move = upstream.resharding();
        reports.add(
            new MoveReport(
                upstream.name(), move.id(), move.phase(), live.moveBarrier().passedNow()));
      }
    }
    return reports;
  }

  /** One group's key move as this proxy serves it. */
  public record MoveReport(String upstream, String id, Resharding.Phase phase, boolean reached) {}

  /**
   * The sentinels moved a shard to other servers: connect to the new ones, stop polling and
   * reconnecting to those that left, watch the replicas that serve reads now.
   */
  private synchronized void serversMoved() {
    if (closed || registries.isEmpty()) {
      return;
    }
    replication.watch(runtime.routing().shards());
    applyToEveryLoop(runtime);
  }

  private void applyToEveryLoop(ProxyRuntime next) {
    UpstreamSettings settings = settings(next.config());
    var nodesInUse = next.routing().nodes();
    for (Map.Entry<EventExecutor, UpstreamRegistry> entry : registries.entrySet()) {
      entry
          .getKey()
          .submit(() -> entry.getValue().apply(nodesInUse, settings))
          .syncUninterruptibly();
    }
  }

  private UpstreamSettings settings(ProxyConfig config) {
    return UpstreamSettings.of(transport, config.timeouts(), config.upstreams());
  }

  /**
   * Why the proxy should get no traffic, or empty while it can serve any key: a Redis Cluster whose
   * slot map is unknown or incomplete serves nothing (as Redis Cluster itself, with
   * cluster-require-full-coverage), and neither does a keyspace none of whose primaries is
   * reachable. A shard that is down otherwise fails only its own keys: see {@link #degradation}.
   */
  public Optional<String> notReadyReason() {
    for (Upstream upstream : runtime.routing().upstreams()) {
      if (upstream.topology() != null && !upstream.topology().discovered()) {
        return Optional.of(
            "cluster " + upstream.name() + " not discovered: " + upstream.topology().lastError());
      }
      if (upstream.topology() != null && upstream.topology().coveredSlots() < Slots.COUNT) {
        return Optional.of(
            "cluster "
                + upstream.name()
                + " serves "
                + upstream.topology().coveredSlots()
                + " of "
                + Slots.COUNT
                + " slots");
      }
    }
    List<Shard> shards = runtime.routing().shards();
    for (Shard shard : shards) {
      if (shard.primary().health().reachable()) {
        return Optional.empty();
      }
    }
    List<String> problems = shardProblems();
    return Optional.of(
        "no shard primary is reachable: "
            + (problems.isEmpty() ? "no shard is known" : String.join("; ", problems)));
  }

  /** The shards that fail their keys now while the others serve; empty when none does. */
  public Optional<String> degradation() {
    List<String> problems = shardProblems();
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private List<String> shardProblems() {
    List<String> problems = new ArrayList<>();
    for (Upstream upstream : runtime.routing().upstreams()) {
      if (upstream.sentinel() != null) {
        for (String shard : upstream.sentinel().shardsWithoutPrimary()) {
          problems.add(
              "upstream "
                  + upstream.name()
                  + " shard "
                  + shard
                  + " has no known primary: "
                  + upstream.sentinel().lastError());
        }
      }
    }
    for (Shard shard : runtime.routing().shards()) {
      if (!shard.primary().health().reachable()) {
        problems.add(
            "upstream "
                + shard.primary().label()
                + " unreachable: "
                + shard.primary().health().lastError());
      }
    }
    return problems;
  }

  public ProxyConfig config() {
    return runtime.config();
  }

  public String configHash() {
    return runtime.configHash();
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  ProxyRuntime runtime() {
    return runtime;
  }

  ScriptCache scripts() {
    return scripts;
  }

  UpstreamRegistry upstreams(EventLoop loop) {
    return registries.get(loop);
  }

  /** Every client connection's session now, by id (CLIENT LIST, CLIENT KILL). */
  /**
   * Closes another client's connection for CLIENT KILL. It leaves {@link #sessions} at once, as a
   * killed client leaves Redis' CLIENT LIST, not only once its own event loop has closed it.
   */
  void kill(ClientSession client) {
    Channel channel = client.ctx().channel();
    clients.remove(channel);
    channel.close();
  }

  /** The client with this CLIENT ID, or null when it is gone. */
  ClientSession session(long id) {
    for (Channel client : clients) {
      ClientSession session = client.pipeline().get(ClientSession.class);
      if (session != null && session.id() == id && session.ctx() != null) {
        return session;
      }
    }
    return null;
  }

  List<ClientSession> sessions() {
    List<ClientSession> sessions = new ArrayList<>();
    for (Channel client : clients) {
      ClientSession session = client.pipeline().get(ClientSession.class);
      if (session != null && session.ctx() != null) {
        sessions.add(session);
      }
    }
    sessions.sort(Comparator.comparingLong(ClientSession::id));
    return sessions;
  }

  int clientCount() {
    return clientCount.get();
  }

  long uptimeSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
  }

  int ioThreads() {
    return ioThreads;
  }

  public String transportName() {
    return transport.name();
  }

  /** The accept and I/O threads, for servers that share them (the admin endpoint). */
  public EventLoopGroup acceptor() {
    return acceptor;
  }

  public Transport transport() {
    return transport;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String version() {
    String version = ProxyServer.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }

  /**
   * Stops accepting, lets every client receive the replies it is owed (up to the shutdown grace),
   * then closes everything.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    for (Channel client : clients) {
      ClientSession session = client.pipeline().get(ClientSession.class);
      if (session != null) {
        client.eventLoop().execute(session::drainAndClose);
      }
    }
    long grace = runtime.config().timeouts().shutdownGrace().toMillis();
    long deadline = System.currentTimeMillis() + grace;
    while (!clients.isEmpty() && System.currentTimeMillis() < deadline) {
      clients
          .newCloseFuture()
          .awaitUninterruptibly(Math.max(1, deadline - System.currentTimeMillis()));
    }
    clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    // What the clients wrote is on the primaries; give the mirrors the rest of the grace to get it.
    while (mirrors.buffered() > 0 && System.currentTimeMillis() < deadline) {
      sleepQuietly(10);
    }
    mirrors.close();
    failovers.close();
    replication.close();
    for (Map.Entry<EventExecutor, UpstreamRegistry> entry : registries.entrySet()) {
      if (!entry.getKey().isShuttingDown()) {
        entry.getKey().submit(entry.getValue()::close).awaitUninterruptibly(1, TimeUnit.SECONDS);
      }
    }
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    mirrorLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    resolver.shutdownNow();
    clusters.close();
    sentinels.close();
  }
}
