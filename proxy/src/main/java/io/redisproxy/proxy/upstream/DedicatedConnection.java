package io.redisproxy.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.redisproxy.proxy.resp.ReadBuffer;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.ReplyScanner;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocolException;
import io.redisproxy.proxy.resp.RespWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connection of one request's own, for a command that may block (BLPOP and its kind): on a shared
 * pipelined connection a block would hold up every client behind it. It connects, authenticates,
 * sends the request, hands the one reply over and closes. No op timeout applies: the command's own
 * timeout governs, and closing the connection (the client left) makes Redis stop blocking.
 */
public final class DedicatedConnection extends ChannelInboundHandlerAdapter {
  private final Node node;
  private final ByteBuf frame;
  private final ReplyCallback callback;
  private final List<String[]> handshake;
  private final ReadBuffer input = new ReadBuffer();
  private final ReplyScanner scanner = new ReplyScanner();
  private Channel channel;
  private int skipped;
  private boolean done;
  private boolean cancelled;

  private DedicatedConnection(Node node, ByteBuf frame, ReplyCallback callback) {
    this.node = node;
    this.frame = frame;
    this.callback = callback;
    this.handshake = Handshake.commandsFor(node);
  }

  /** Opens a connection on {@code loop} and sends {@code frame} (taking ownership) over it. */
  static DedicatedConnection open(
      Node node,
      EventLoop loop,
      UpstreamSettings settings,
      Executor resolver,
      ByteBuf frame,
      ReplyCallback callback) {
    DedicatedConnection connection = new DedicatedConnection(node, frame, callback);
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

  /** The client went away: stop waiting, so Redis stops blocking for it. */
  public void cancel() {
    cancelled = true;
    if (channel != null) {
      channel.close();
    }
  }

  private void connect(EventLoop loop, UpstreamSettings settings, InetSocketAddress address) {
    if (cancelled) {
      fail("cancelled");
      return;
    }
    new Bootstrap()
        .group(loop)
        .channel(settings.transport().socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
        .handler(this)
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
    if (cancelled) {
      channel.close();
      return;
    }
    for (String[] command : handshake) {
      ctx.write(RequestDecoder.encode(ctx.alloc(), command).frame(), ctx.voidPromise());
    }
    ctx.writeAndFlush(frame.retain(), ctx.voidPromise());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = input.append((ByteBuf) msg, ctx.alloc());
    try {
      while (!done && buf.isReadable()) {
        int length = scanner.scan(buf);
        if (length < 0) {
          break;
        }
        ByteBuf reply = buf.retainedSlice(buf.readerIndex(), length);
        buf.skipBytes(length);
        if (skipped < handshake.size()) {
          String[] command = handshake.get(skipped++);
          if (Replies.isError(reply)) {
            String error = Handshake.failure(command, Replies.firstLine(reply));
            reply.release();
            fail(error);
          } else {
            reply.release();
          }
        } else {
          deliver(reply);
        }
      }
    } catch (RespProtocolException e) {
      fail("sent bytes that are not RESP (" + e.getMessage() + ")");
    }
    input.compact();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    input.release();
    fail(cancelled ? "cancelled" : "connection to " + node.address() + " lost");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void deliver(ByteBuf reply) {
    done = true;
    frame.release();
    callback.onReply(reply);
    channel.close();
  }

  private void fail(String reason) {
    if (done) {
      return;
    }
    done = true;
    frame.release();
    callback.onReply(
        RespWriter.error(
            ByteBufAllocator.DEFAULT, "ERR upstream " + node.label() + " unavailable: " + reason));
    if (channel != null) {
      channel.close();
    }
  }
}
