package io.redisproxy.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.redisproxy.proxy.tls.TlsContexts;

/**
 * Puts TLS in front of a connection's handler when its node is reached over TLS. The handler hears
 * that its connection is active only once the TLS handshake succeeded: a connection whose
 * certificate is refused never counts as ready.
 */
final class Tls {
  private Tls() {}

  static ChannelHandler around(Node node, ChannelHandler handler) {
    if (node.tls() == null) {
      return handler;
    }
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        channel
            .pipeline()
            .addLast(
                TlsContexts.clientHandler(node.tls(), channel.alloc(), node.address()),
                new HandshakeGate(),
                handler);
      }
    };
  }

  /** Holds channelActive back until the TLS handshake is done, then leaves the pipeline. */
  private static final class HandshakeGate extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      // Passed on when the handshake succeeds; a failed one closes the channel instead.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          ctx.fireChannelActive();
        }
        ctx.pipeline().remove(this);
        return;
      }
      ctx.fireUserEventTriggered(event);
    }
  }
}
