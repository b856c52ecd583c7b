package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.upstream.ReplyCallback;

/**
 * A request forwarded whole on a mirrored route: once the primary answers, its effect goes to the
 * mirrors, and the reply to the client as it came.
 */
final class MirroredRequest extends PendingReply implements ReplyCallback {
  private final MirrorCopy copy;

  MirroredRequest(ClientSession session, MirrorCopy copy) {
    super(session);
    this.copy = copy;
  }

  @Override
  public void onReply(ByteBuf reply) {
    copy.answered(reply);
    complete(reply);
  }
}
