package io.redisproxy.proxy.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each aggregated request to its endpoint and writes the answer with a Content-Length,
 * keeping the connection open unless the client asked to close it.
 */
@ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

  private final AdminRoutes routes;

  AdminHttpHandler(AdminRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      AdminResponse malformed =
          AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
      respond(ctx, request, malformed, false);
      return;
    }
    respond(ctx, request, answer(request), HttpUtil.isKeepAlive(request));
  }

  private AdminResponse answer(FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    AdminEndpoint endpoint = routes.find(uri.path());
    if (endpoint == null) {
      return AdminResponse.text(
          HttpResponseStatus.NOT_FOUND,
          "nothing at " + uri.path() + "; the admin paths are " + routes.paths() + "\n");
    }
    if (!HttpMethod.GET.equals(request.method())) {
      return AdminResponse.text(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              request.method() + " is not supported on " + uri.path() + "; use GET\n")
          .withHeader(HttpHeaderNames.ALLOW.toString(), HttpMethod.GET.name());
    }
    try {
      return endpoint.get(uri.parameters());
    } catch (RuntimeException e) {
      LOG.warn("admin endpoint {} failed", uri.path(), e);
      return AdminResponse.text(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, uri.path() + " failed; see the proxy log\n");
    }
  }

  private static void respond(
      ChannelHandlerContext ctx, FullHttpRequest request, AdminResponse answer, boolean keepAlive) {
    ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), answer.body());
    FullHttpResponse response =
        new DefaultFullHttpResponse(request.protocolVersion(), answer.status(), body);
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    answer.headers().forEach(headers::set);
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing admin connection {}", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
