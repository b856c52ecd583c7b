package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.command.BlockingForms;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.Node;
import java.util.ArrayList;
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
 *
 * <p>Outside a Redis Cluster, when the config begins moving keys to a new shard list, a block on a
 * key the new list puts elsewhere is taken off its shard with {@code CLIENT UNBLOCK} (as if its
 * timeout had come, so nothing was popped) and blocks again through the move gate, in the same
 * place of the reply order: writes go to the new shard, so it would wait in vain on the previous
 * one.
 */
final class BlockingRequest extends PendingReply implements DedicatedConnection.Listener {
  private static final int MAX_REDIRECTS = 5;
  private static final String[] CLIENT_ID = {"CLIENT", "ID"};
  private static final int MAX_UNBLOCK_TRIES = 100;
  private static final long UNBLOCK_RETRY_MILLIS = 10;

  /** How far taking the request off its shard has come. */
  private enum Unblock {
    NONE,
    ASKED,
    DONE
  }

  private final ByteBuf frame;
  private final ClusterTopology topology;
  private final long blockMillis;
  private final CommandSpec spec;
  // Outside a Redis Cluster: the client's arguments and keys, to block again where keys move.
  private final List<byte[]> arguments;
  private final List<byte[]> keys;
  private DedicatedConnection connection;
  private Node node;
  private ScheduledFuture<?> deadline;
  private int redirects;
  private boolean released;
  private boolean ended;
  private Unblock unblock = Unblock.NONE;
  private ByteBuf answeredMeanwhile;
  private int unblockTries;
  // Move barriers waiting until this request is off its previous shard or answered.
  private final List<Runnable> whenSettled = new ArrayList<>(0);

  private BlockingRequest(
      ClientSession session,
      RespRequest request,
      CommandSpec spec,
      KeyIndexes keyIndexes,
      ClusterTopology topology) {
    super(session);
    this.frame = request.frame();
    this.topology = topology;
    this.blockMillis = BlockingForms.blockMillis(spec, request);
    this.spec = spec;
    if (topology == null) {
      RespRequest original = request.original();
      ByteBuf bytes = original.frame();
      arguments = new ArrayList<>(original.count());
      for (int arg = 0; arg < original.count(); arg++) {
        arguments.add(ByteBufUtil.getBytes(bytes, original.offset(arg), original.length(arg)));
      }
      keys = new ArrayList<>(keyIndexes.size());
      for (int i = 0; i < keyIndexes.size(); i++) {
        keys.add(arguments.get(keyIndexes.get(i)));
      }
    } else {
      arguments = null;
      keys = null;
    }
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
    BlockingRequest blocking = new BlockingRequest(session, request, spec, keys, topology);
    session.enqueue(blocking);
    session.blocking(blocking);
    // Its id lets a move of its keys take it off this shard.
    blocking.block(
        shard.primary(), topology == null ? List.<String[]>of(CLIENT_ID) : List.<String[]>of());
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
    if (unblock == Unblock.ASKED) {
      // The answer to a block or to the unblock: CLIENT UNBLOCK's own answer tells.
      answeredMeanwhile = reply;
      return;
    }
    if (unblock == Unblock.DONE) {
      reply.release();
      blockAgain();
      return;
    }
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
    if (unblock == Unblock.DONE) {
      blockAgain();
      return;
    }
    end(RespWriter.error(session.ctx().alloc(), "ERR " + reason));
  }

  /**
   * The config began moving keys: if this request's keys belong elsewhere now, takes it off its
   * shard to block again there, and runs {@code settled} once it is off (or answered meanwhile, or
   * cannot be taken off), when what it does on its previous shard is done.
   */
  void moveBegan(Runnable settled) {
    if (arguments == null || ended) {
      settled.run();
      return;
    }
    whenSettled.add(settled);
    if (unblock == Unblock.NONE) {
      takeOff();
    }
  }

  private void takeOff() {
    if (ended || unblock != Unblock.NONE) {
      return;
    }
    session.refreshRuntime();
    if (!keysMoved()) {
      settle();
      return;
    }
    long id = connection.clientId();
    if (id < 0) {
      if (connection.handshakeAnswered()) {
        // CLIENT ID refused: the block waits on its previous shard, as the README says.
        settle();
      } else {
        retryUnblock();
      }
      return;
    }
    unblock = Unblock.ASKED;
    ByteBuf command =
        RequestDecoder.encode(session.ctx().alloc(), "CLIENT", "UNBLOCK", Long.toString(id))
            .frame();
    session.upstreams().send(node, command, this::unblockAnswered, System.nanoTime());
  }

  /** Whether a key of this request is on another shard by the live config than where it blocks. */
  private boolean keysMoved() {
    RoutingTable routing = session.runtime().routing();
    for (byte[] key : keys) {
      ByteBuf bytes = Unpooled.wrappedBuffer(key);
      Shard owner =
          session.fromMirror()
              ? routing.localShardOf(bytes, 0, key.length)
              : routing.shardOf(bytes, 0, key.length, true);
      if (owner == null
          || owner.primary() == null
          || !owner.primary().address().equals(node.address())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code CLIENT UNBLOCK} answered 1 when it ended the block (whose answer is then a timeout's), 0
   * when the block had already ended or not yet begun.
   */
  private void unblockAnswered(ByteBuf reply) {
    boolean unblocked = !Replies.isError(reply) && Replies.integer(reply) == 1;
    reply.release();
    if (ended) {
      return;
    }
    ByteBuf answer = answeredMeanwhile;
    answeredMeanwhile = null;
    if (unblocked) {
      unblock = Unblock.DONE;
      if (answer != null) {
        answer.release();
        blockAgain();
      }
      return;
    }
    unblock = Unblock.NONE;
    if (answer != null) {
      onFrame(answer);
    } else {
      retryUnblock();
    }
  }

  /** The handshake is not answered yet, or the block has not begun: looks again shortly. */
  private void retryUnblock() {
    if (++unblockTries <= MAX_UNBLOCK_TRIES) {
      session.ctx().executor().schedule(this::takeOff, UNBLOCK_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      settle();
    }
  }

  private void settle() {
    for (Runnable waiting : whenSettled) {
      waiting.run();
    }
    whenSettled.clear();
  }

  /** Off its previous shard: blocks again, through the move gate, in this reply's place. */
  private void blockAgain() {
    ended = true;
    cancelDeadline();
    settle();
    session.blockAgain(this, RequestDecoder.encode(arguments, session.ctx().alloc()), spec);
  }

  private void end(ByteBuf reply) {
    ended = true;
    cancelDeadline();
    releaseFrame();
    releaseAnswer();
    complete(reply);
    session.unblocked(this);
    settle();
  }

  /** The client left while blocked: close the connection so Redis stops blocking for it. */
  void cancel() {
    ended = true;
    cancelDeadline();
    releaseFrame();
    releaseAnswer();
    connection.close();
    settle();
  }

  private void releaseAnswer() {
    if (answeredMeanwhile != null) {
      answeredMeanwhile.release();
      answeredMeanwhile = null;
    }
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
