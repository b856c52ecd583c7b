package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EVALSHA of a script the proxy knows, so that a server that lacks it (restarted, new, a replica,
 * or another shard than the one EVAL ran on) runs it all the same. When the proxy does not know the
 * server holds the script, SCRIPT LOAD goes first on the same connection, so the request runs in
 * its place among the client's others; when the server still answers NOSCRIPT (its scripts were
 * flushed behind the proxy's back), the script is loaded and the request sent once more, and the
 * client sees only the second reply. Everything happens in callbacks on the client's event loop.
 */
final class ScriptRetry implements ReplyCallback {
  /** Where the request goes: a server of its shard, or the client's WATCH connection. */
  interface Sink {
    void send(ByteBuf frame, ReplyCallback callback);

    /** Sends both frames (taking ownership) in this order, on one connection. */
    void sendBoth(ByteBuf first, ReplyCallback firstCallback, ByteBuf second, ReplyCallback then);
  }

  private final ClientSession session;
  private final Sink sink;
  private final Node node;
  private final String sha;
  private final long epoch;
  private final byte[] body;
  private final ReplyCallback target;
  private ByteBuf again;

  private ScriptRetry(
      ClientSession session,
      Sink sink,
      Node node,
      String sha,
      byte[] body,
      ByteBuf again,
      ReplyCallback target) {
    this.session = session;
    this.sink = sink;
    this.node = node;
    this.sha = sha;
    this.epoch = session.server().scripts().epoch();
    this.body = body;
    this.again = again;
    this.target = target;
  }

  /**
   * Sends {@code frame} (taking ownership), an EVALSHA of {@code sha} whose body is {@code body},
   * to {@code node} by {@code sink}; its final reply to {@code target}.
   */
  static void send(
      ClientSession session,
      Sink sink,
      Node node,
      String sha,
      byte[] body,
      ByteBuf frame,
      ReplyCallback target) {
    ScriptRetry retry =
        new ScriptRetry(session, sink, node, sha, body, frame.retainedDuplicate(), target);
    if (session.upstreams().hasScript(node, sha, retry.epoch)) {
      sink.send(frame, retry);
    } else {
      sink.sendBoth(retry.load(), retry::loaded, frame, retry);
    }
  }

  /** To {@code node} of {@code shard}; for a Redis Cluster by the path that follows redirects. */
  static Sink toNode(ClientSession session, Shard shard, Node node) {
    boolean cluster = shard.upstream().topology() != null;
    return new Sink() {
      @Override
      public void send(ByteBuf frame, ReplyCallback callback) {
        session.send(shard, node, frame, callback);
      }

      @Override
      public void sendBoth(
          ByteBuf first, ReplyCallback firstCallback, ByteBuf second, ReplyCallback then) {
        if (cluster) {
          // A redirect must be followed; a Redis Cluster node's pool sends in order anyway unless
          // it has several connections, and then a NOSCRIPT is retried.
          send(first, firstCallback);
          send(second, then);
        } else {
          session.sendTogether(node, List.of(first, second), List.of(firstCallback, then));
        }
      }
    };
  }

  /** On the client's WATCH connection, one connection in order by nature. */
  static Sink toWatch(Watch watch) {
    return new Sink() {
      @Override
      public void send(ByteBuf frame, ReplyCallback callback) {
        watch.send(frame, callback);
      }

      @Override
      public void sendBoth(
          ByteBuf first, ReplyCallback firstCallback, ByteBuf second, ReplyCallback then) {
        watch.sendAll(List.of(first, second), List.of(firstCallback, then));
      }
    };
  }

  @Override
  public void onReply(ByteBuf reply) {
    ByteBuf frame = again;
    again = null;
    if (!isNoScript(reply) || session.isClosed()) {
      frame.release();
      if (!Replies.isError(reply)) {
        session.upstreams().scriptLoaded(node, sha, epoch);
      }
      target.onReply(reply);
      return;
    }
    sink.send(
        load(),
        loaded -> {
          boolean failed = Replies.isError(loaded);
          loaded(loaded);
          if (failed) {
            // A body Redis did not take (it never compiled): NOSCRIPT, as one server answers.
            frame.release();
            target.onReply(reply);
          } else {
            reply.release();
            sink.send(frame, target);
          }
        });
  }

  private ByteBuf load() {
    List<byte[]> args = List.of(ascii("SCRIPT"), ascii("LOAD"), body);
    return RequestDecoder.encode(args, session.ctx().alloc()).frame();
  }

  /** The reply to SCRIPT LOAD (taking ownership). */
  private void loaded(ByteBuf reply) {
    if (!Replies.isError(reply)) {
      session.upstreams().scriptLoaded(node, sha, epoch);
    }
    reply.release();
  }

  private static long now() {
    return System.nanoTime();
  }

  private static boolean isNoScript(ByteBuf reply) {
    int at = reply.readerIndex();
    return reply.readableBytes() > 9
        && reply.getByte(at) == '-'
        && reply.toString(at + 1, 8, StandardCharsets.US_ASCII).equals("NOSCRIPT");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
