package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.upstream.ReplyCallback;

/** A request forwarded whole to one shard; its reply goes back to the client as it came. */
final class ForwardRequest extends PendingReply implements ReplyCallback {
  ForwardRequest(ClientSession session) {
    super(session);
  }

  @Override
  public void onReply(ByteBuf reply) {
    complete(reply);
  }
}
