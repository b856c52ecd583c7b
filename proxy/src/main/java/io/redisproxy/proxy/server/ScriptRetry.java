package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EVALSHA of a script the proxy knows: when the shard answers NOSCRIPT (it restarted empty, is new,
 * is a replica, or is another shard than the one EVAL ran on), the script is loaded there and the
 * request sent once more, to the same server; the client sees only the second reply. Everything
 * happens in callbacks on the client's event loop.
 */
final class ScriptRetry implements ReplyCallback {
  /** Where the request went: the same server, or the client's WATCH connection. */
  interface Sink {
    void send(ByteBuf frame, ReplyCallback callback);
  }

  private final ClientSession session;
  private final Sink sink;
  private final byte[] body;
  private final ReplyCallback target;
  private ByteBuf again;

  private ScriptRetry(
      ClientSession session, Sink sink, byte[] body, ByteBuf again, ReplyCallback target) {
    this.session = session;
    this.sink = sink;
    this.body = body;
    this.again = again;
    this.target = target;
  }

  /** Sends {@code frame} (taking ownership) by {@code sink}; its final reply to {@code target}. */
  static void send(
      ClientSession session, Sink sink, byte[] body, ByteBuf frame, ReplyCallback target) {
    sink.send(frame, new ScriptRetry(session, sink, body, frame.retainedDuplicate(), target));
  }

  @Override
  public void onReply(ByteBuf reply) {
    ByteBuf frame = again;
    again = null;
    if (!isNoScript(reply) || session.isClosed()) {
      frame.release();
      target.onReply(reply);
      return;
    }
    List<byte[]> args = List.of(ascii("SCRIPT"), ascii("LOAD"), body);
    ByteBuf load = RequestDecoder.encode(args, session.ctx().alloc()).frame();
    sink.send(
        load,
        loaded -> {
          boolean failed = Replies.isError(loaded);
          loaded.release();
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
