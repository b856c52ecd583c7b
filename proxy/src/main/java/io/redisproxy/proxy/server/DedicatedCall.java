package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.util.concurrent.TimeUnit;

/**
 * One request on a connection of its own to one server, bounded by the op timeout: for SCRIPT KILL
 * and FUNCTION KILL, which a server busy with a script reads only from other connections than the
 * script's, and the script may run on the shared one.
 */
final class DedicatedCall implements DedicatedConnection.Listener {
  private final ClientSession session;
  private final Node node;
  private final ReplyCallback callback;
  private DedicatedConnection connection;
  private ScheduledFuture<?> timeout;
  private boolean done;

  private DedicatedCall(ClientSession session, Node node, ReplyCallback callback) {
    this.session = session;
    this.node = node;
    this.callback = callback;
  }

  /**
   * Sends {@code frame} (taking ownership) to {@code node}; its reply, or an error, to callback.
   */
  static void send(ClientSession session, Node node, ByteBuf frame, ReplyCallback callback) {
    DedicatedCall call = new DedicatedCall(session, node, callback);
    long millis = session.runtime().config().timeouts().operation().toMillis();
    call.timeout =
        session
            .ctx()
            .channel()
            .eventLoop()
            .schedule(
                () ->
                    call.finish(
                        RespWriter.error(
                            session.ctx().alloc(),
                            "ERR upstream " + node.label() + " timed out after " + millis + " ms")),
                millis,
                TimeUnit.MILLISECONDS);
    call.connection = session.upstreams().openDedicated(node, call);
    call.connection.send(frame);
  }

  @Override
  public void onFrame(ByteBuf reply) {
    if (done) {
      reply.release();
    } else {
      finish(reply);
    }
  }

  @Override
  public void onFailure(String reason) {
    if (!done) {
      finish(RespWriter.error(session.ctx().alloc(), "ERR " + reason));
    }
  }

  private void finish(ByteBuf reply) {
    done = true;
    timeout.cancel(false);
    connection.close();
    callback.onReply(reply);
  }
}
