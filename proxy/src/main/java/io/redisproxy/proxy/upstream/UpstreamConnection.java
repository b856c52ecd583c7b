package io.redisproxy.proxy.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.redisproxy.proxy.net.OutboundBatch;
import io.redisproxy.proxy.resp.ReadBuffer;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.ReplyScanner;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocolException;
import io.redisproxy.proxy.resp.RespWriter;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined connection to a Redis server, shared by every client of its event loop. Requests
 * from many clients are written back to back and flushed at most once per event-loop turn; replies
 * come back in order and go to the callback queued with each request.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter implements Backpressure {
  private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);

  /** What a redis-server reads from a client at most per read call (its PROTO_IOBUF_LEN). */
  private static final int SERVER_READ_BYTES = 16 * 1024;

  private final NodePool pool;
  private final int slot;
  private final InflightQueue inflight = new InflightQueue();
  private final ReadBuffer input = new ReadBuffer();
  private final ReplyScanner scanner = new ReplyScanner();
  private final Runnable flushTask = this::flushNow;
  private final List<Runnable> writabilityWaiters = new ArrayList<>();
  private Channel channel;
  private ChannelHandlerContext ctx;
  private OutboundBatch output;
  private boolean ready;
  private boolean flushScheduled;
  private boolean flushDeferred;
  private boolean retiring;
  private String closeReason;
  private String closeCause;
  // When bytes last arrived, as the timeout sweep saw it: a reply still arriving is progress, not
  // a server that hangs. Reads only set the flag, so the hot path reads no clock for it.
  private long lastReadAt = System.nanoTime();
  private boolean readSinceSweep;

  UpstreamConnection(NodePool pool, int slot) {
    this.pool = pool;
    this.slot = slot;
  }

  int slot() {
    return slot;
  }

  /** Queues {@code frame} (taking ownership) and its callback; the write is flushed next turn. */
  void send(ByteBuf frame, ReplyCallback callback, long nanos) {
    inflight.add(callback, nanos);
    output.add(frame);
    if (!flushScheduled) {
      flushScheduled = true;
      long delay = inflight.size() > 1 ? pool.flushDelayNanos() : 0;
      if (delay > 0) {
        // Replies are owed anyway: the writes of the clients that send meanwhile go out together.
        flushDeferred = true;
        ctx.executor().schedule(flushTask, delay, TimeUnit.NANOSECONDS);
      } else {
        ctx.executor().execute(flushTask);
      }
    }
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void whenWritable(Runnable waiter) {
    writabilityWaiters.add(waiter);
  }

  int inflight() {
    return inflight.size();
  }

  /** Closes this connection as soon as it owes no replies (its node left the config). */
  void retire() {
    retiring = true;
    if (inflight.size() == 0) {
      channel.close();
    }
  }

  /**
   * Fails every request in flight when the oldest has waited longer than the op timeout and nothing
   * arrived for as long: a large reply streaming in is not cut short, however long it takes.
   */
  void checkTimeout(long now, long timeoutNanos) {
    if (readSinceSweep) {
      readSinceSweep = false;
      lastReadAt = now;
    }
    if (inflight.size() > 0
        && now - inflight.oldestSentAt() > timeoutNanos
        && now - lastReadAt > timeoutNanos) {
      long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
      pool.metrics().timeout();
      String cause = "timed out after " + millis + " ms";
      closeWith("upstream " + pool.node().label() + " " + cause, cause);
    }
  }

  /**
   * Flushes one event-loop turn late: the first run only re-schedules, so the loop polls its
   * sockets once more (without blocking) and the requests of clients that became readable meanwhile
   * join this write. Measured on two shared cores: the servers do a fifth fewer reads for the same
   * requests, and the proxy spends about 10% less CPU per request without pipelining. A write that
   * already fills a server's read ({@link #SERVER_READ_BYTES}) gains nothing from waiting and goes
   * at once, so the server starts on it while this loop splits the next requests: MGETs of 100 keys
   * over three shards went 13% faster (median of six rounds).
   */
  private void flushNow() {
    if (!flushDeferred && output.unflushedBytes() < SERVER_READ_BYTES) {
      flushDeferred = true;
      ctx.executor().schedule(flushTask, 0, TimeUnit.NANOSECONDS);
      return;
    }
    flushDeferred = false;
    flushScheduled = false;
    output.flush();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.output = new OutboundBatch(ctx);
    channel = ctx.channel();
    List<String[]> handshake = Handshake.forPool(pool.node(), pool.protocol());
    handshake(handshake, 0);
  }

  /** Sends the handshake commands in order; the connection is ready when all succeeded. */
  private void handshake(List<String[]> commands, int next) {
    if (next == commands.size()) {
      becomeReady();
      return;
    }
    String[] command = commands.get(next);
    send(
        RequestDecoder.encode(ctx.alloc(), command).frame(),
        reply -> {
          try {
            if (Replies.isError(reply)) {
              close(Handshake.failure(command, Replies.firstLine(reply)));
            } else {
              handshake(commands, next + 1);
            }
          } finally {
            reply.release();
          }
        },
        System.nanoTime());
  }

  private void becomeReady() {
    ready = true;
    pool.connectionReady(this, channel);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    readSinceSweep = true;
    ByteBuf buf = input.append((ByteBuf) msg, ctx.alloc());
    ReadClock clock = pool.clock();
    boolean outer = clock.startRead();
    try {
      while (buf.isReadable()) {
        ReplyCallback next = inflight.peek();
        ArrayReplyCallback merging = next instanceof ArrayReplyCallback array ? array : null;
        int length = scanner.scan(buf, merging != null ? merging.expectedElements() : -1);
        if (length < 0) {
          break;
        }
        ReplyCallback callback = inflight.poll();
        if (callback == null) {
          close("sent a reply nobody asked for");
          return;
        }
        ByteBuf reply = buf.retainedSlice(buf.readerIndex(), length);
        buf.skipBytes(length);
        if (merging != null) {
          merging.onReply(reply, scanner.elementBounds());
        } else {
          callback.onReply(reply);
        }
      }
    } catch (RespProtocolException e) {
      close("sent bytes that are not RESP (" + e.getMessage() + ")");
      return;
    } finally {
      clock.endRead(outer);
    }
    input.compact();
    if (retiring && inflight.size() == 0) {
      channel.close();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && !writabilityWaiters.isEmpty()) {
      List<Runnable> waiters = new ArrayList<>(writabilityWaiters);
      writabilityWaiters.clear();
      waiters.forEach(Runnable::run);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    input.release();
    if (output != null) {
      output.discard();
    }
    String cause =
        closeCause != null ? closeCause : "connection to " + pool.node().address() + " lost";
    failInflight(ctx, closeReason != null ? closeReason : unavailable(cause));
    pool.connectionLost(this, ctx.channel(), ready, cause);
    List<Runnable> waiters = new ArrayList<>(writabilityWaiters);
    writabilityWaiters.clear();
    waiters.forEach(Runnable::run);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ClosedChannelException) {
      // A write raced the close; channelInactive reports the lost connection.
      return;
    }
    close(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
  }

  private void close(String reason) {
    closeWith(unavailable(reason), reason);
  }

  /** Closes: requests in flight fail with {@code message}; node health records {@code cause}. */
  private void closeWith(String message, String cause) {
    if (closeReason == null) {
      closeReason = message;
      closeCause = cause;
      if (!retiring) {
        log.warn(message);
      }
    }
    channel.close();
  }

  private String unavailable(String reason) {
    return "upstream " + pool.node().label() + " unavailable: " + reason;
  }

  private void failInflight(ChannelHandlerContext ctx, String reason) {
    for (ReplyCallback callback = inflight.poll(); callback != null; callback = inflight.poll()) {
      callback.onReply(RespWriter.error(ctx.alloc(), "ERR " + reason));
    }
  }
}
