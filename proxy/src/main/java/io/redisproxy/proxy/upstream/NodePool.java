package io.redisproxy.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.redisproxy.proxy.metrics.UpstreamMetrics;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespWriter;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one event loop to one Redis server: opened eagerly, reconnected with backoff,
 * used round-robin. While a connection is being opened, requests wait (bounded by the op timeout);
 * while the server is known to be down they fail at once, so a dead shard never stalls others.
 */
final class NodePool {
  private static final int MAX_WAITING = 65_536;
  private static final long FIRST_BACKOFF_MILLIS = 50;
  // Past this many, forgetting them costs a SCRIPT LOAD each, which is cheaper than the memory.
  private static final int MAX_KNOWN_SCRIPTS = 4096;

  private final Node node;
  private final EventLoop loop;
  private final UpstreamRegistry registry;
  private final Executor resolver;
  private final UpstreamMetrics metrics;
  private final UpstreamConnection[] connections;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  // Connections still connecting or in their handshake: retiring closes them too, or one that
  // became active as the proxy stopped would hold its handshake's buffers past the loop's end.
  private final Set<Channel> opening = new HashSet<>();
  // Slots with a connection attempt under way (resolving, connecting or in the handshake).
  private final boolean[] attempting;
  private int next;
  private int connecting;
  private int failures;
  // The node's connectionsMade when a connection of this pool last failed: only a connection made
  // elsewhere since then is news that the server is back for this pool too.
  private long madeAtLastFailure = -1;
  private boolean retired;
  // The scripts (by SHA1) this server is known to hold, as of the proxy's script epoch; forgotten
  // when a connection is lost, since the server may have restarted without them.
  private final Set<String> scripts = new HashSet<>();
  private long scriptEpoch;
  private UpstreamSettings delaySettings;
  private long flushDelayNanos;

  private record Waiting(ByteBuf frame, ReplyCallback callback, long sentAt) {}

  NodePool(
      Node node,
      EventLoop loop,
      UpstreamRegistry registry,
      Executor resolver,
      UpstreamMetrics metrics) {
    this.node = node;
    this.loop = loop;
    this.registry = registry;
    this.resolver = resolver;
    this.metrics = metrics;
    this.connections = new UpstreamConnection[node.connections()];
    this.attempting = new boolean[node.connections()];
  }

  Node node() {
    return node;
  }

  UpstreamMetrics metrics() {
    return metrics;
  }

  ReadClock clock() {
    return registry.clock();
  }

  RespProtocol protocol() {
    return registry.protocol();
  }

  /** How long this node's connections may hold writes while replies are owed: 0 for at once. */
  long flushDelayNanos() {
    // Looked up once per settings, not per flush: the map is keyed by the group's name.
    UpstreamSettings current = registry.settings();
    if (current != delaySettings) {
      delaySettings = current;
      flushDelayNanos = current.flushDelayNanos(node.upstream());
    }
    return flushDelayNanos;
  }

  void start() {
    for (int slot = 0; slot < connections.length; slot++) {
      connect(slot);
    }
  }

  /**
   * Sends {@code frame} (taking ownership); the reply, or an error, goes to {@code callback}.
   * Returns the connection used, so the caller can respect its backpressure, or null.
   */
  Backpressure send(ByteBuf frame, ReplyCallback callback, long nanos) {
    UpstreamConnection connection = pick();
    if (connection != null) {
      connection.send(frame, callback, nanos);
      return connection;
    }
    reconnectIfReachedElsewhere();
    if (connecting > 0 && waiting.size() < MAX_WAITING && !retired) {
      waiting.add(new Waiting(frame, callback, nanos));
    } else {
      frame.release();
      callback.onReply(unavailable());
    }
    return null;
  }

  /**
   * Sends ASKING and then {@code frame} on one connection, as a Redis Cluster ASK redirect needs:
   * ASKING applies only to the next command of the same connection.
   */
  void sendAsking(ByteBuf frame, ReplyCallback callback, long nanos) {
    ByteBuf asking = RequestDecoder.encode(ByteBufAllocator.DEFAULT, "ASKING").frame();
    ReplyCallback discard = ByteBuf::release;
    sendTogether(List.of(asking, frame), List.of(discard, callback), nanos);
  }

  /**
   * Sends {@code frames} (taking ownership) back to back on one connection, each reply to its
   * callback: nothing of another client comes between them (ASKING and its command, MULTI ...
   * EXEC).
   */
  void sendTogether(List<ByteBuf> frames, List<ReplyCallback> callbacks, long nanos) {
    UpstreamConnection connection = pick();
    if (connection != null) {
      for (int i = 0; i < frames.size(); i++) {
        connection.send(frames.get(i), callbacks.get(i), nanos);
      }
      return;
    }
    reconnectIfReachedElsewhere();
    if (connecting > 0 && waiting.size() < MAX_WAITING - frames.size() && !retired) {
      // Waiting requests all go to the first connection that becomes ready, in order.
      for (int i = 0; i < frames.size(); i++) {
        waiting.add(new Waiting(frames.get(i), callbacks.get(i), nanos));
      }
    } else {
      frames.forEach(ByteBuf::release);
      for (ReplyCallback callback : callbacks) {
        callback.onReply(unavailable());
      }
    }
  }

  /**
   * Sends a PING behind what each connection owes or holds back, {@code callback} getting each
   * reply: once they all came, every request sent here before has been answered. Returns how many.
   */
  int pingBehindEarlier(ReplyCallback callback) {
    int sent = 0;
    for (UpstreamConnection connection : connections) {
      if (connection != null && connection.inflight() > 0) {
        connection.send(ping(), callback, System.nanoTime());
        sent++;
      }
    }
    if (!waiting.isEmpty()) {
      waiting.add(new Waiting(ping(), callback, System.nanoTime()));
      sent++;
    }
    return sent;
  }

  /**
   * Another event loop's pool reached the server after this one last failed to: connect now, so a
   * request is not refused (for up to the reconnect backoff) by a server that is back. A server
   * that keeps refusing only this pool (at its maxclients) sees the usual backoff, not an attempt
   * per request.
   */
  private void reconnectIfReachedElsewhere() {
    if (retired
        || connecting > 0
        || !node.health().reachable()
        || node.health().connectionsMade() == madeAtLastFailure) {
      return;
    }
    for (int slot = 0; slot < connections.length; slot++) {
      if (connections[slot] == null && !attempting[slot]) {
        connect(slot);
      }
    }
  }

  private static ByteBuf ping() {
    return RequestDecoder.encode(ByteBufAllocator.DEFAULT, "PING").frame();
  }

  private UpstreamConnection pick() {
    for (int i = 0; i < connections.length; i++) {
      UpstreamConnection connection = connections[next];
      next = next + 1 == connections.length ? 0 : next + 1;
      if (connection != null) {
        return connection;
      }
    }
    return null;
  }

  boolean hasReadyConnection() {
    for (UpstreamConnection connection : connections) {
      if (connection != null) {
        return true;
      }
    }
    return false;
  }

  void connectionReady(UpstreamConnection connection, Channel channel) {
    opening.remove(channel);
    attempting[connection.slot()] = false;
    connecting--;
    failures = 0;
    if (retired) {
      connection.retire();
      return;
    }
    connections[connection.slot()] = connection;
    node.health().connectionReady();
    metrics.connectionOpened();
    metrics.up(true);
    for (Waiting w = waiting.poll(); w != null; w = waiting.poll()) {
      connection.send(w.frame(), w.callback(), w.sentAt());
    }
  }

  /** Whether the server is known to hold the script {@code sha} since the script epoch began. */
  boolean hasScript(String sha, long epoch) {
    adopt(epoch);
    return epoch == scriptEpoch && scripts.contains(sha);
  }

  /**
   * The server answered SCRIPT LOAD, or ran EVALSHA, of {@code sha} in script epoch {@code epoch}.
   */
  void scriptLoaded(String sha, long epoch) {
    adopt(epoch);
    if (epoch != scriptEpoch) {
      // Loaded before a later SCRIPT FLUSH: gone again.
      return;
    }
    if (scripts.size() >= MAX_KNOWN_SCRIPTS) {
      scripts.clear();
    }
    scripts.add(sha);
  }

  private void adopt(long epoch) {
    if (epoch > scriptEpoch) {
      scripts.clear();
      scriptEpoch = epoch;
    }
  }

  void connectionLost(
      UpstreamConnection connection, Channel channel, boolean wasReady, String reason) {
    opening.remove(channel);
    scripts.clear();
    if (wasReady) {
      // One that became ready after retire() was never counted as up, so it is not counted down.
      if (connections[connection.slot()] == connection) {
        connections[connection.slot()] = null;
        node.health().connectionLost(reason);
        metrics.connectionClosed();
        metrics.error();
        metrics.up(node.health().reachable());
      }
      scheduleReconnect(connection.slot());
    } else {
      connectFailed(connection.slot(), reason);
    }
  }

  /** Fails requests that waited for a connection longer than the op timeout. */
  void checkTimeouts(long now) {
    long timeout = registry.settings().operationTimeoutNanos();
    for (UpstreamConnection connection : connections) {
      if (connection != null) {
        connection.checkTimeout(now, timeout);
      }
    }
    while (!waiting.isEmpty() && now - waiting.peek().sentAt() > timeout) {
      Waiting w = waiting.poll();
      w.frame().release();
      metrics.timeout();
      w.callback()
          .onReply(
              error(
                  "timed out after "
                      + TimeUnit.NANOSECONDS.toMillis(timeout)
                      + " ms waiting for a connection"));
    }
  }

  /**
   * Stops using this pool: connections close once they owe no replies. Requests still waiting for a
   * connection were never sent, and say so: a retry goes to wherever the key lives now.
   */
  void retire() {
    retired = true;
    List.copyOf(opening).forEach(Channel::close);
    for (UpstreamConnection connection : connections) {
      if (connection != null) {
        connection.retire();
      }
    }
    for (Waiting w = waiting.poll(); w != null; w = waiting.poll()) {
      w.frame().release();
      w.callback()
          .onReply(
              error(
                  "left the topology before a connection to it was ready; the request was not"
                      + " sent"));
    }
  }

  private void connect(int slot) {
    if (retired) {
      return;
    }
    attempting[slot] = true;
    connecting++;
    CompletableFuture.supplyAsync(() -> Node.resolve(node), resolver)
        .whenComplete(
            (address, error) ->
                loop.execute(
                    () -> {
                      if (error != null) {
                        connectFailed(slot, "cannot resolve " + node.address().host());
                      } else {
                        open(slot, address);
                      }
                    }));
  }

  private void open(int slot, InetSocketAddress address) {
    UpstreamConnection connection = new UpstreamConnection(this, slot);
    ChannelFuture future =
        new Bootstrap()
            .group(loop)
            .channel(registry.settings().transport().socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, registry.settings().connectTimeoutMillis())
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
            .handler(Tls.around(node, connection))
            .connect(address);
    opening.add(future.channel());
    future.addListener(
        f -> {
          if (!f.isSuccess()) {
            opening.remove(future.channel());
            String cause = f.cause().getMessage();
            connectFailed(slot, cause != null ? cause : f.cause().getClass().getSimpleName());
          }
        });
  }

  private void connectFailed(int slot, String reason) {
    attempting[slot] = false;
    connecting--;
    madeAtLastFailure = node.health().connectionsMade();
    node.health().connectFailed(reason);
    metrics.error();
    metrics.up(node.health().reachable());
    failWaitingIfStuck();
    scheduleReconnect(slot);
  }

  private void failWaitingIfStuck() {
    if (connecting == 0 && !hasReadyConnection()) {
      for (Waiting w = waiting.poll(); w != null; w = waiting.poll()) {
        w.frame().release();
        w.callback().onReply(unavailable());
      }
    }
  }

  private void scheduleReconnect(int slot) {
    if (retired) {
      return;
    }
    long max = registry.settings().reconnectMaxMillis();
    long backoff =
        failures == 0 ? 0 : Math.min(max, FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 16));
    failures++;
    // Jitter keeps many proxies from reconnecting to a recovering server in lockstep.
    long delay =
        backoff == 0 ? 0 : backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    loop.schedule(
        () -> {
          if (!retired && connections[slot] == null && !attempting[slot]) {
            connect(slot);
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  private ByteBuf unavailable() {
    return error("unavailable: " + node.health().lastError());
  }

  private ByteBuf error(String detail) {
    return RespWriter.error(
        ByteBufAllocator.DEFAULT, "ERR upstream " + node.label() + " " + detail);
  }
}
