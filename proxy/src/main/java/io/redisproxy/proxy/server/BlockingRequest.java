package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.command.BlockingForms;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.Node;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A blocking command (BLPOP, BZPOPMIN, BLMOVE, ...): every key on one shard, sent to its primary on
 * a connection of its own for as long as the command blocks, once every earlier reply of the client
 * is written. The reply keeps its place in the client's reply order like any other. A block with a
 * timeout that gets no answer within that timeout and then the op timeout (the shard hangs) fails
 * with an error; one without a timeout waits as long as Redis would. On a Redis Cluster, a block
 * that Redis redirects (its slot moved while it waited: MOVED; or is migrating: ASK) blocks again
 * on the node named, so the client never sees the redirect.
 */
final class BlockingRequest extends PendingReply implements DedicatedConnection.Listener {
  private static final int MAX_REDIRECTS = 5;

  private final ByteBuf frame;
  private final ClusterTopology topology;
  private final long blockMillis;
  private DedicatedConnection connection;
  private Node node;
  private ScheduledFuture<?> deadline;
  private int redirects;
  private boolean released;

  private BlockingRequest(
      ClientSession session, ByteBuf frame, ClusterTopology topology, long blockMillis) {
    super(session);
    this.frame = frame;
    this.topology = topology;
    this.blockMillis = blockMillis;
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
    ClusterTopology topology = shard.upstream().topology();
    BlockingRequest blocking =
        new BlockingRequest(
            session, request.frame(), topology, BlockingForms.blockMillis(spec, request));
    session.enqueue(blocking);
    session.blocking(blocking);
    blocking.block(shard.primary(), List.of());
  }

  /** Sends the request to {@code node} on a connection of its own, after {@code handshake}. */
  private void block(Node node, List<String[]> handshake) {
    this.node = node;
    connection = session.upstreams().openDedicated(node, this, handshake);
    if (blockMillis != BlockingForms.FOR_EVER) {
      expireAfter(node.label());
    }
    // Outside a Redis Cluster the frame is sent once, and goes with the connection.
    connection.send(topology == null ? frame : frame.retainedDuplicate());
  }

  private void expireAfter(String label) {
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
    if (topology != null && Replies.isError(reply) && redirect(Replies.firstLine(reply))) {
      reply.release();
      return;
    }
    end(reply);
  }

  /** Blocks again where a MOVED or ASK error points; false when there is no such error. */
  private boolean redirect(String error) {
    boolean ask = error.startsWith("ASK ");
    if (!ask && !error.startsWith("MOVED ")) {
      return false;
    }
    HostPort to = ClusterRedirects.redirectTarget(error, node);
    if (to == null || ++redirects > MAX_REDIRECTS) {
      return false;
    }
    if (!ask) {
      topology.redirected();
    }
    cancelDeadline();
    block(topology.node(to), ask ? List.<String[]>of(new String[] {"ASKING"}) : List.of());
    return true;
  }

  @Override
  public void onFailure(String reason) {
    end(RespWriter.error(session.ctx().alloc(), "ERR " + reason));
  }

  private void end(ByteBuf reply) {
    cancelDeadline();
    releaseFrame();
    complete(reply);
    session.unblocked(this);
  }

  /** The client left while blocked: close the connection so Redis stops blocking for it. */
  void cancel() {
    cancelDeadline();
    releaseFrame();
    connection.close();
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** On a Redis Cluster the frame is kept to send again, until the request ends. */
  private void releaseFrame() {
    if (topology != null && !released) {
      released = true;
      frame.release();
    }
  }
}
