package io.redisproxy.proxy.upstream;

import io.netty.buffer.ByteBuf;

/**
 * Receives the reply to one request sent upstream, on the event loop that sent it. The reply is a
 * retained slice the callback now owns; failures arrive as error replies made by the proxy.
 */
public interface ReplyCallback {
  void onReply(ByteBuf reply);
}
