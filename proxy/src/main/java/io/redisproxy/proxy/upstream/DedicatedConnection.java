package io.redisproxy.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.redisproxy.proxy.net.OutboundBatch;
import io.redisproxy.proxy.resp.ReadBuffer;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.ReplyScanner;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespProtocolException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connection of one client's own, for what a shared pipelined connection cannot carry: a command
 * that may block (BLPOP and its kind), or a subscription whose messages arrive unasked. Every reply
 * or message goes to the listener; no op timeout applies. Closing it (the client left) makes Redis
 * stop blocking or publishing to it. Lives on the client's event loop.
 */
public final class DedicatedConnection extends ChannelInboundHandlerAdapter {
  /** Receives what the connection reads, and its end. */
  public interface Listener {
    /** A reply or pushed message (taking ownership). */
    void onFrame(ByteBuf frame);

    /** The connection ended before it was closed on purpose, for {@code reason}. */
    void onFailure(String reason);

    /** The connection is open and its handshake answered: what is sent now goes straight out. */
    default void onReady() {}
  }

  private final Node node;
  private final Listener listener;
  private final List<String[]> handshake;
  private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
  private final ReadBuffer input = new ReadBuffer();
  private final ReplyScanner scanner = new ReplyScanner();
  private ChannelHandlerContext ctx;
  private OutboundBatch output;
  private Channel channel;
  private int handshakeReplies;
  private long clientId = -1;
  private boolean ended;
  private boolean reading = true;

  private DedicatedConnection(
      Node node, RespProtocol protocol, Listener listener, List<String[]> extraHandshake) {
    this.node = node;
    this.listener = listener;
    List<String[]> commands = new ArrayList<>(Handshake.commandsFor(node, protocol));
    commands.addAll(extraHandshake);
    this.handshake = List.copyOf(commands);
  }

  /**
   * Opens a connection to {@code node} on {@code loop} that first sends {@code extraHandshake}
   * after the usual handshake; sends may start at once.
   */
  static DedicatedConnection open(
      Node node,
      RespProtocol protocol,
      EventLoop loop,
      UpstreamSettings settings,
      Executor resolver,
      Listener listener,
      List<String[]> extraHandshake) {
    DedicatedConnection connection =
        new DedicatedConnection(node, protocol, listener, extraHandshake);
    CompletableFuture.supplyAsync(() -> Node.resolve(node), resolver)
        .whenComplete(
            (address, error) ->
                loop.execute(
                    () -> {
                      if (error != null) {
                        connection.fail("cannot resolve " + node.address().host());
                      } else {
                        connection.connect(loop, settings, address);
                      }
                    }));
    return connection;
  }

  public Node node() {
    return node;
  }

  /**
   * The server's id of this connection, once a {@code CLIENT ID} of the handshake is answered; -1
   * until then or without one.
   */
  public long clientId() {
    return clientId;
  }

  /** Whether the connection is open and every command of its handshake answered. */
  public boolean handshakeAnswered() {
    return ctx != null && handshakeReplies == handshake.size();
  }

  /** Sends {@code frame} (taking ownership), after the handshake if the connection is new. */
  public void send(ByteBuf frame) {
    write(frame);
    flush();
  }

  /** Writes {@code frame} (taking ownership) without flushing: see {@link #flush()}. */
  public void write(ByteBuf frame) {
    if (ended) {
      frame.release();
    } else if (ctx == null) {
      pending.add(frame);
    } else {
      output.add(frame);
    }
  }

  /**
   * Writes the bytes of {@code frame} without taking it (the caller keeps it to send again),
   * without flushing; before the connection is open, a retained duplicate waits.
   */
  public void writeCopy(ByteBuf frame) {
    if (ended) {
      return;
    }
    if (ctx == null) {
      pending.add(frame.retainedDuplicate());
    } else {
      output.addCopy(frame);
    }
  }

  public void flush() {
    if (ctx != null) {
      output.flush();
    }
  }

  /** Stops or resumes reading what Redis sends: the listener's client cannot take more now. */
  public void reading(boolean reading) {
    this.reading = reading;
    if (channel != null) {
      channel.config().setAutoRead(reading);
    }
  }

  /** Ends the connection on purpose; the listener hears nothing more. */
  public void close() {
    ended = true;
    releasePending();
    if (channel != null) {
      channel.close();
    }
  }

  private void connect(EventLoop loop, UpstreamSettings settings, InetSocketAddress address) {
    if (ended) {
      return;
    }
    new Bootstrap()
        .group(loop)
        .channel(settings.transport().socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
        .handler(Tls.around(node, this))
        .connect(address)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail(String.valueOf(f.cause().getMessage()));
              }
            });
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    if (ended) {
      channel.close();
      return;
    }
    this.ctx = ctx;
    this.output = new OutboundBatch(ctx);
    channel.config().setAutoRead(reading);
    for (String[] command : handshake) {
      ctx.write(RequestDecoder.encode(ctx.alloc(), command).frame(), ctx.voidPromise());
    }
    for (ByteBuf frame = pending.poll(); frame != null; frame = pending.poll()) {
      ctx.write(frame, ctx.voidPromise());
    }
    ctx.flush();
    if (handshake.isEmpty()) {
      listener.onReady();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = input.append((ByteBuf) msg, ctx.alloc());
    try {
      while (!ended && buf.isReadable()) {
        int length = scanner.scan(buf);
        if (length < 0) {
          break;
        }
        ByteBuf frame = buf.retainedSlice(buf.readerIndex(), length);
        buf.skipBytes(length);
        if (handshakeReplies < handshake.size()) {
          String[] command = handshake.get(handshakeReplies++);
          // A user whose ACL refuses CLIENT ID still blocks; only its id stays unknown.
          boolean failed = Replies.isError(frame) && !isClientId(command);
          String error = failed ? Handshake.failure(command, Replies.firstLine(frame)) : null;
          if (isClientId(command) && !Replies.isError(frame)) {
            clientId = Replies.integer(frame);
          }
          frame.release();
          if (failed) {
            fail(error);
          } else if (handshakeReplies == handshake.size()) {
            listener.onReady();
          }
        } else {
          listener.onFrame(frame);
        }
      }
    } catch (RespProtocolException e) {
      fail("sent bytes that are not RESP (" + e.getMessage() + ")");
    }
    input.compact();
  }

  private static boolean isClientId(String[] command) {
    return command.length == 2
        && command[0].equalsIgnoreCase("CLIENT")
        && command[1].equalsIgnoreCase("ID");
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (output != null) {
      output.discard();
    }
    input.release();
    fail("connection to " + node.address() + " lost");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void fail(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    releasePending();
    listener.onFailure("upstream " + node.label() + " unavailable: " + reason);
    if (channel != null) {
      channel.close();
    }
  }

  private void releasePending() {
    for (ByteBuf frame = pending.poll(); frame != null; frame = pending.poll()) {
      frame.release();
    }
  }
}
