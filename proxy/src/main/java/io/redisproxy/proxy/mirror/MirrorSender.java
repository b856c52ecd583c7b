package io.redisproxy.proxy.mirror;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one mirror target, in order, every command offered to it, over one pipelined connection
 * that names itself {@code redisproxy-mirror:<region>}. Offers come from any event loop, a turn's
 * worth at a time (see {@link MirrorOutbox}), and never wait: they land in the {@link
 * ReplayBuffer}, or are dropped and counted when it is full. The sender runs on one event loop. A
 * command leaves the buffer only when the target answered it; when the connection breaks, the
 * commands in flight go back to the front and are sent again, in order, once the target is back. A
 * command the target answers with an error is counted and not retried: the target refused it, a
 * retry would be refused too.
 */
public final class MirrorSender implements DedicatedConnection.Listener {
  /** The name prefix of mirroring connections; a proxy mirrors nothing that arrives on one. */
  public static final String CLIENT_NAME_PREFIX = "redisproxy-mirror:";

  private static final Logger log = LoggerFactory.getLogger(MirrorSender.class);
  private static final int WINDOW = 4096;
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  private final String name;
  private final Node target;
  private final String clientName;
  private final ReplayBuffer buffer;
  private final MirrorMetrics metrics;
  private final ArrayDeque<MirrorEntry> inflight = new ArrayDeque<>();
  // Commands sent and not yet acknowledged: the window is counted in commands, not entries.
  private int inflightCommands;
  private final ArrayDeque<MirrorEntry> replay = new ArrayDeque<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  private volatile EventLoop loop;
  private volatile boolean connected;
  private volatile long oldestUnacknowledged;
  // True while the sender will look at the buffer again by itself: replies are on their way, or
  // it is (re)connecting. Offers wake it only when it is not, so under load they cost no wakeup.
  private volatile boolean awake;
  private volatile boolean closed;
  private UpstreamRegistry upstreams;
  private DedicatedConnection connection;
  private boolean reconnectScheduled;
  private int failures;

  MirrorSender(
      String name,
      Node target,
      String region,
      long maxCommands,
      long maxBytes,
      MeterRegistry registry) {
    this.name = name;
    this.target = target;
    this.clientName = CLIENT_NAME_PREFIX + region;
    this.buffer = new ReplayBuffer(maxCommands, maxBytes);
    this.metrics = new MirrorMetrics(registry, name, this);
  }

  public String name() {
    return name;
  }

  Node target() {
    return target;
  }

  String clientName() {
    return clientName;
  }

  void bounds(long maxCommands, long maxBytes) {
    buffer.bounds(maxCommands, maxBytes);
  }

  /** Starts sending on the event loop of {@code upstreams}; what was offered before waits. */
  void start(UpstreamRegistry upstreams) {
    if (loop != null) {
      return;
    }
    this.upstreams = upstreams;
    this.loop = upstreams.loop();
    scheduleDrain();
  }

  /**
   * Takes {@code entry} for sending, from any thread, without waiting; never fails the caller. What
   * does not fit the replay buffer is dropped and counted, command by command.
   */
  void accept(MirrorEntry entry) {
    int units = entry.unitsLeft();
    int kept = closed ? 0 : buffer.offer(entry);
    if (kept < units) {
      metrics.dropped.increment(units - kept);
    }
    if (kept == 0) {
      entry.release();
      return;
    }
    if (closed) {
      // Closed while this was offered: the close may have emptied the buffer already.
      onLoop(() -> drop(buffer::poll));
    } else if (!awake) {
      scheduleDrain();
    }
  }

  private void scheduleDrain() {
    EventLoop current = loop;
    if (current != null && drainScheduled.compareAndSet(false, true)) {
      current.execute(drainTask);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    if (closed) {
      return;
    }
    if (connection == null) {
      awake = true;
      if (!reconnectScheduled) {
        connect();
      }
      return;
    }
    if (!connected) {
      return;
    }
    boolean wrote = false;
    while (true) {
      while (inflightCommands < WINDOW) {
        MirrorEntry entry = replay.poll();
        if (entry == null) {
          entry = buffer.poll();
        }
        if (entry == null) {
          break;
        }
        inflight.add(entry);
        inflightCommands += entry.unitsLeft();
        connection.writeCopy(entry.unsent());
        wrote = true;
      }
      awake = !inflight.isEmpty();
      // An offer that still saw the sender awake left its entry for this check to find.
      if (awake || buffer.peek() == null) {
        break;
      }
    }
    if (wrote) {
      connection.flush();
    }
    updateOldest();
  }

  private void connect() {
    connection =
        upstreams.openDedicated(
            target, this, List.<String[]>of(new String[] {"CLIENT", "SETNAME", clientName}));
  }

  @Override
  public void onReady() {
    connected = true;
    drain();
  }

  @Override
  public void onFrame(ByteBuf reply) {
    MirrorEntry entry = inflight.peek();
    if (entry == null) {
      reply.release();
      return;
    }
    if (Replies.isError(reply)) {
      String error = Replies.firstLine(reply);
      if (isTransient(error)) {
        // The target could not apply it now (its own upstream is away, say): as after a lost
        // connection, everything from this command on is sent again, in order, a little later.
        reply.release();
        DedicatedConnection current = connection;
        current.close();
        onFailure("it answered " + error);
        return;
      }
      metrics.failed.increment();
      if (log.isDebugEnabled()) {
        log.debug("mirror {} refused a command: {}", name, error);
      }
    }
    reply.release();
    if (!entry.replied()) {
      return;
    }
    inflightCommands--;
    buffer.done(1, entry.unitBytes(entry.lastAcknowledged()));
    metrics.mirrored.increment();
    if (entry.finished()) {
      inflight.poll();
      entry.release();
    }
    if (failures > 0) {
      // Counted from the first command the target took, not from a connection it accepted: a
      // target that connects but cannot apply anything yet is still away.
      log.info(
          "mirror {} ({}) takes commands again; {} still to send",
          name,
          target.address(),
          buffer.commands());
      failures = 0;
    }
    MirrorEntry next = inflight.peek();
    if (next == null || (inflightCommands < WINDOW / 2 && buffer.peek() != null)) {
      drain();
    } else {
      oldestUnacknowledged = next.acknowledgedAt();
    }
  }

  @Override
  public void onFailure(String reason) {
    connection = null;
    connected = false;
    if (closed) {
      return;
    }
    // Back to the front, in their order, ahead of what replay already holds.
    for (MirrorEntry entry = inflight.pollLast(); entry != null; entry = inflight.pollLast()) {
      entry.resend();
      replay.addFirst(entry);
      metrics.replayed.increment(entry.unitsLeft());
    }
    inflightCommands = 0;
    awake = true;
    updateOldest();
    if (failures == 0) {
      log.warn("mirror {} unreachable ({}); buffering its commands", name, reason);
    }
    long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failures, 10));
    failures++;
    reconnectScheduled = true;
    loop.schedule(
        () -> {
          reconnectScheduled = false;
          if (!closed && connection == null) {
            connect();
          }
        },
        backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1),
        TimeUnit.MILLISECONDS);
  }

  /** Errors that say "not now" rather than "never": another proxy's or Redis' passing states. */
  static boolean isTransient(String error) {
    return (error.startsWith("ERR upstream ")
            && (error.contains(" unavailable") || error.contains(" timed out")))
        || error.startsWith("CLUSTERDOWN")
        || error.startsWith("TRYAGAIN")
        || error.startsWith("LOADING")
        || error.startsWith("MASTERDOWN")
        || error.startsWith("BUSY");
  }

  private void updateOldest() {
    MirrorEntry oldest = inflight.peek();
    if (oldest == null) {
      oldest = replay.peek();
    }
    if (oldest == null) {
      oldest = buffer.peek();
    }
    oldestUnacknowledged = oldest == null ? 0 : oldest.acknowledgedAt();
  }

  long bufferedCommands() {
    return buffer.commands();
  }

  long bufferedBytes() {
    return buffer.bytes();
  }

  long bufferLimitCommands() {
    return buffer.maxCommands();
  }

  long bufferLimitBytes() {
    return buffer.maxBytes();
  }

  boolean connected() {
    return connected;
  }

  double lagSeconds() {
    long oldest = oldestUnacknowledged;
    if (oldest == 0) {
      MirrorEntry waiting = buffer.peek();
      oldest = waiting == null ? 0 : waiting.acknowledgedAt();
    }
    return oldest == 0 ? 0 : Math.max(0, System.nanoTime() - oldest) / 1e9;
  }

  /** Stops mirroring to this target (it left the config): what it still holds is dropped. */
  void close() {
    closed = true;
    metrics.close();
    onLoop(
        () -> {
          if (connection != null) {
            connection.close();
            connection = null;
          }
          drop(inflight::poll);
          drop(replay::poll);
          drop(buffer::poll);
        });
  }

  /** Runs {@code task} on the sender's loop, or here while it has none (it never started). */
  private void onLoop(Runnable task) {
    EventLoop current = loop;
    if (current == null) {
      task.run();
    } else {
      current.execute(task);
    }
  }

  /** Releases every entry {@code next} yields, with its share of the buffer's bounds. */
  private void drop(Supplier<MirrorEntry> next) {
    for (MirrorEntry entry = next.get(); entry != null; entry = next.get()) {
      buffer.done(entry.unitsLeft(), entry.bytesLeft());
      entry.release();
    }
  }
}
