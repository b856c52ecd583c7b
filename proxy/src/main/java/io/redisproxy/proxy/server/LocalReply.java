package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.metrics.CommandMetrics;

/** A reply the proxy made itself, already complete when queued. */
final class LocalReply extends PendingReply {
  LocalReply(ClientSession session, ByteBuf reply) {
    super(session);
    fill(reply);
  }

  /** A reply counted in {@code metrics}, or in none when null (a pushed message). */
  LocalReply(ClientSession session, ByteBuf reply, CommandMetrics metrics) {
    super(session, metrics);
    fill(reply);
  }
}
