package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.metrics.CommandMetrics;
import io.redisproxy.proxy.resp.Replies;

/**
 * A place in a client's reply order. Replies may complete in any order (different shards answer at
 * different speeds); the session writes them strictly in request order.
 */
abstract class PendingReply {
  final ClientSession session;
  private final CommandMetrics metrics;
  private final long startedAt;
  private final boolean silent;
  private ByteBuf reply;
  private boolean closeAfter;

  PendingReply(ClientSession session) {
    this(session, session.currentMetrics(), session.currentSilent());
  }

  /** A place counted in {@code metrics}, never silenced by CLIENT REPLY: a pushed message. */
  PendingReply(ClientSession session, CommandMetrics metrics) {
    this(session, metrics, false);
  }

  private PendingReply(ClientSession session, CommandMetrics metrics, boolean silent) {
    this.session = session;
    this.metrics = metrics;
    this.startedAt = session.currentStart();
    this.silent = silent;
  }

  /** Whether the client asked not to get this reply (CLIENT REPLY OFF or SKIP). */
  final boolean silent() {
    return silent;
  }

  /** Records the command's latency and outcome when its reply goes out. */
  final void recordWritten(ByteBuf written, long now) {
    if (metrics != null) {
      metrics.record(now - startedAt, Replies.isError(written));
    }
  }

  /**
   * Fills this place with {@code reply} (taking ownership) and lets the session write what it can.
   */
  final void complete(ByteBuf reply) {
    if (session.isClosed()) {
      reply.release();
      return;
    }
    this.reply = reply;
    session.replyCompleted();
  }

  /** Fills this place without waking the session: for replies known when the place is made. */
  final void fill(ByteBuf reply) {
    this.reply = reply;
  }

  final boolean isComplete() {
    return reply != null;
  }

  /** Hands the reply over to the writer. */
  final ByteBuf takeReply() {
    ByteBuf taken = reply;
    reply = null;
    return taken;
  }

  /** Releases whatever this place holds, when the client went away. */
  void discard() {
    if (reply != null) {
      reply.release();
      reply = null;
    }
  }

  final void closeConnectionAfter() {
    closeAfter = true;
  }

  final boolean closesConnection() {
    return closeAfter;
  }
}
