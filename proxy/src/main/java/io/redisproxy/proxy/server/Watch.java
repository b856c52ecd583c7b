package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.util.ArrayDeque;
import java.util.List;

/**
 * WATCH: the watched keys live on one shard, and the watch on a connection of the client's own to
 * its primary, because a shared connection would let another client's EXEC or UNWATCH end it. Until
 * the watch ends, everything the client sends to that shard takes this connection too, in order, so
 * a read after WATCH is the primary's and the MULTI ... EXEC that follows is judged by the watch.
 * EXEC, DISCARD and UNWATCH end it, and the connection closes once it owes no reply. Requests must
 * not overtake each other on the way from one connection to the other: a new watch starts once
 * every earlier reply is written, and after a watch ends the client's next requests wait for the
 * replies it still owes.
 *
 * <p>A client that tracks keys (CLIENT TRACKING) has a connection of its own to every server
 * already, with tracking on: the watch takes that one, so the reads it guards are tracked too.
 */
final class Watch implements DedicatedConnection.Listener {
  private final ClientSession session;
  private final Shard shard;
  // The routing the watched keys' shard was found by.
  private final RoutingTable routedBy;
  // Null when the client's tracking connection carries the watch.
  private final DedicatedConnection connection;
  private final Tracking tracking;
  private final ArrayDeque<ReplyCallback> owed = new ArrayDeque<>();
  private String failure;
  private boolean ending;

  private Watch(ClientSession session, Shard shard) {
    this.session = session;
    this.shard = shard;
    this.routedBy = session.runtime().routing();
    this.tracking = session.tracking();
    this.connection =
        tracking != null ? null : session.upstreams().openDedicated(shard.primary(), this);
  }

  /** WATCH outside MULTI: starts or extends the client's watch; releases nothing it forwards. */
  static void watch(ClientSession session, RespRequest request, KeyIndexes keys) {
    Watch current = session.watch();
    Shard shard = current != null ? current.shard : null;
    for (int i = 0; i < keys.size(); i++) {
      Shard keyShard = session.shardOf(request, keys.get(i));
      if (keyShard == null) {
        session.fail(request, session.unroutable(request, keys.get(i)));
        return;
      }
      if (shard == null) {
        shard = keyShard;
      } else if (!keyShard.sameAs(shard)) {
        session.fail(request, "CROSSSLOT Keys in request don't hash to the same slot");
        return;
      }
    }
    if (current == null) {
      current = new Watch(session, shard);
      session.watch(current);
    }
    ForwardRequest reply = new ForwardRequest(session);
    session.enqueue(reply);
    current.send(request.frame(), reply);
  }

  Shard shard() {
    return shard;
  }

  /** Whether {@code runtime} routes by another table than the one the watch began with. */
  boolean movedSince(ProxyRuntime runtime) {
    return runtime.routing() != routedBy;
  }

  /** Sends {@code frame} (taking ownership) on the watch's connection; its reply to callback. */
  void send(ByteBuf frame, ReplyCallback callback) {
    if (failure != null) {
      frame.release();
      callback.onReply(RespWriter.error(session.ctx().alloc(), failure));
      return;
    }
    if (connection == null) {
      tracking.send(shard.primary(), frame, callback);
      return;
    }
    owed.add(callback);
    connection.send(frame);
  }

  /**
   * Sends {@code frames} back to back; fails them all, without sending any, when the watch was lost
   * (a transaction must not run unwatched).
   */
  void sendAll(List<ByteBuf> frames, List<ReplyCallback> callbacks) {
    for (int i = 0; i < frames.size(); i++) {
      send(frames.get(i), callbacks.get(i));
    }
  }

  /** The watch is over (EXEC, DISCARD, UNWATCH): the connection closes once it owes no reply. */
  void end() {
    ending = true;
    if (session.watch() == this) {
      session.watch(null);
    }
    if (connection == null) {
      return;
    }
    if (owed.isEmpty()) {
      connection.close();
    } else {
      // The client's next requests to the shard take the shared connection, and must not reach
      // the shard before what this one still carries (EXEC).
      session.orderAfterPending();
    }
  }

  /** The client left. */
  void close() {
    owed.clear();
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  public void onFrame(ByteBuf frame) {
    ReplyCallback callback = owed.poll();
    if (callback == null) {
      frame.release();
      return;
    }
    callback.onReply(frame);
    if (ending && owed.isEmpty()) {
      connection.close();
    }
  }

  @Override
  public void onFailure(String reason) {
    failure = "ERR " + reason + "; the WATCH is lost, so the transaction was not run";
    for (ReplyCallback callback = owed.poll(); callback != null; callback = owed.poll()) {
      callback.onReply(RespWriter.error(session.ctx().alloc(), failure));
    }
  }
}
