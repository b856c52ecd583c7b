package io.redisproxy.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP/1.1 server: health, readiness, metrics and config. It runs on an event loop group
 * the caller owns (the proxy shares its acceptor group), and closing it closes only its own
 * channels.
 */
public final class AdminServer implements AutoCloseable {
  /** Admin requests are bodiless GETs; anything larger is refused with 413. */
  private static final int MAX_REQUEST_BYTES = 8 * 1024;

  /** Scrapers keep connections alive between scrapes; forgotten ones are closed after this. */
  private static final int IDLE_CLOSE_SECONDS = 120;

  private final Channel serverChannel;
  private final ChannelGroup connections;

  private AdminServer(Channel serverChannel, ChannelGroup connections) {
    this.serverChannel = serverChannel;
    this.connections = connections;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and serves {@code routes}. Blocks until
   * bound, so call it from a thread that is not one of {@code group}'s event loops.
   *
   * @throws IllegalStateException if the address cannot be bound
   */
  public static AdminServer start(
      String host,
      int port,
      EventLoopGroup group,
      Class<? extends ServerChannel> channelClass,
      AdminRoutes routes) {
    ChannelGroup connections = new DefaultChannelGroup("admin-http", GlobalEventExecutor.INSTANCE);
    AdminHttpHandler handler = new AdminHttpHandler(routes);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(channelClass)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    connections.add(channel);
                    channel
                        .pipeline()
                        .addLast(
                            new IdleStateHandler(0, 0, IDLE_CLOSE_SECONDS, TimeUnit.SECONDS),
                            new HttpServerCodec(),
                            new HttpObjectAggregator(MAX_REQUEST_BYTES),
                            handler);
                  }
                });
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot serve admin HTTP on "
              + host
              + ":"
              + port
              + ": "
              + bound.cause().getMessage()
              + "; free the port or change admin.port in the config",
          bound.cause());
    }
    return new AdminServer(bound.channel(), connections);
  }

  /** The bound port, the real one when started with port 0. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Stops accepting and closes open admin connections; blocks, so not from an event loop. */
  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
  }
}
