package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.command.BlockingForms;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import java.util.concurrent.TimeUnit;

/**
 * A blocking command (BLPOP, BZPOPMIN, BLMOVE, ...): every key on one shard, sent to its primary on
 * a connection of its own for as long as the command blocks, once every earlier reply of the client
 * is written. The reply keeps its place in the client's reply order like any other. A block with a
 * timeout that gets no answer within that timeout and then the op timeout (the shard hangs) fails
 * with an error; one without a timeout waits as long as Redis would.
 */
final class BlockingRequest extends PendingReply implements DedicatedConnection.Listener {
  private DedicatedConnection connection;
  private ScheduledFuture<?> deadline;

  private BlockingRequest(ClientSession session) {
    super(session);
  }

  static void start(ClientSession session, RespRequest request, CommandSpec spec) {
    KeyIndexes keys = session.keys();
    keys.clear();
    boolean found = spec.keys().find(request, keys);
    if (!found || keys.size() == 0) {
      // Redis refuses it without blocking: the shared connection may carry it.
      session.forwardKeyless(request, spec, found);
      return;
    }
    if (session.owesReplies()) {
      // Its connection of its own must not reach the shard before the client's earlier requests
      // (an RPUSH pipelined before BLPOP).
      session.holdUntilAnswered(request, spec);
      return;
    }
    Shard shard = session.shardOf(request, keys.get(0));
    if (shard == null) {
      session.fail(request, session.unroutable(request, keys.get(0)));
      return;
    }
    for (int i = 1; i < keys.size(); i++) {
      if (session.shardOf(request, keys.get(i)) != shard) {
        session.fail(request, "CROSSSLOT Keys in request don't hash to the same slot");
        return;
      }
    }
    BlockingRequest blocking = new BlockingRequest(session);
    session.enqueue(blocking);
    session.blocking(blocking);
    blocking.connection = session.upstreams().openDedicated(shard.primary(), blocking);
    long blockMillis = BlockingForms.blockMillis(spec, request);
    if (blockMillis != BlockingForms.FOR_EVER) {
      blocking.expireAfter(blockMillis, shard.primary().label());
    }
    blocking.connection.send(request.frame());
  }

  private void expireAfter(long blockMillis, String label) {
    long millis = blockMillis + session.runtime().config().timeouts().operation().toMillis();
    deadline =
        session
            .ctx()
            .channel()
            .eventLoop()
            .schedule(
                () -> {
                  connection.close();
                  end(
                      RespWriter.error(
                          session.ctx().alloc(),
                          "ERR upstream "
                              + label
                              + " timed out after "
                              + millis
                              + " ms (the command's timeout, then timeouts.operation)"));
                },
                millis,
                TimeUnit.MILLISECONDS);
  }

  @Override
  public void onFrame(ByteBuf reply) {
    connection.close();
    end(reply);
  }

  @Override
  public void onFailure(String reason) {
    end(RespWriter.error(session.ctx().alloc(), "ERR " + reason));
  }

  private void end(ByteBuf reply) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    complete(reply);
    session.unblocked(this);
  }

  /** The client left while blocked: close the connection so Redis stops blocking for it. */
  void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
    }
    connection.close();
  }
}
