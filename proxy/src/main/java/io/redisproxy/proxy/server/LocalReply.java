package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;

/** A reply the proxy made itself, already complete when queued. */
final class LocalReply extends PendingReply {
  LocalReply(ClientSession session, ByteBuf reply) {
    super(session);
    fill(reply);
  }
}
