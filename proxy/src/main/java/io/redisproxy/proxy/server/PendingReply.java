package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;

/**
 * A place in a client's reply order. Replies may complete in any order (different shards answer at
 * different speeds); the session writes them strictly in request order.
 */
abstract class PendingReply {
  final ClientSession session;
  private ByteBuf reply;
  private boolean closeAfter;

  PendingReply(ClientSession session) {
    this.session = session;
  }

  /** Fills this place with {@code reply} (taking ownership) and lets the session write what it can. */
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
