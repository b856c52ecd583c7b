package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Management;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.util.ArrayList;
import java.util.List;

/**
 * SCRIPT, FUNCTION and CONFIG (see {@link Management}): sent to every shard primary, and for SCRIPT
 * LOAD, FLUSH and KILL to their replicas as well (KILL on connections of its own, see {@link
 * DedicatedCall}); the replies merged into the one a single server would give. Questions every
 * shard answers alike (CONFIG GET, HELP) go to one shard.
 */
final class ManagementRequest extends PendingReply {
  private final Management form;
  // For SCRIPT EXISTS, the digests asked about, and the script epoch it was sent in.
  private final List<String> digests;
  private final long epoch;
  private final List<ManagementReplies.Target> targets;
  private final ByteBuf[] replies;
  private int outstanding;

  private ManagementRequest(
      ClientSession session,
      Management form,
      List<String> digests,
      List<ManagementReplies.Target> targets) {
    super(session);
    this.form = form;
    this.digests = digests;
    this.epoch = session.server().scripts().epoch();
    this.targets = targets;
    this.replies = new ByteBuf[targets.size()];
    this.outstanding = targets.size();
  }

  static void start(ClientSession session, RespRequest request, CommandSpec spec) {
    if (session.runtime().commands().subcommandRejection(request) != null) {
      session.reject(request);
      return;
    }
    Management form = Management.of(request);
    if (form == Management.ONE_SHARD) {
      session.forwardKeyless(request, spec, false);
      return;
    }
    List<Shard> shards = session.runtime().routing().shards();
    if (shards.isEmpty()) {
      session.fail(request, "CLUSTERDOWN no shard is known yet");
      return;
    }
    rememberScripts(session, request);
    boolean replicasToo = form == Management.EVERY_NODE || form == Management.KILL;
    List<Shard> sendTo = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    List<ManagementReplies.Target> targets = new ArrayList<>();
    for (Shard shard : shards) {
      sendTo.add(shard);
      nodes.add(shard.primary());
      targets.add(new ManagementReplies.Target(shard.primary().label(), true));
      for (Node replica : replicasToo ? shard.replicas() : List.<Node>of()) {
        sendTo.add(shard);
        nodes.add(replica);
        // A replica's failure fails no request: a read that finds a script missing there gets it
        // loaded then.
        targets.add(new ManagementReplies.Target(replica.label(), false));
      }
    }
    ManagementRequest pending =
        new ManagementRequest(session, form, digests(request), List.copyOf(targets));
    session.enqueue(pending);
    ByteBuf frame = request.frame();
    for (int i = 0; i < nodes.size(); i++) {
      int index = i;
      ByteBuf copy = i == nodes.size() - 1 ? frame : frame.retainedDuplicate();
      ReplyCallback callback = reply -> pending.onReply(index, reply);
      if (form == Management.KILL) {
        DedicatedCall.send(session, nodes.get(i), copy, callback);
      } else {
        session.send(sendTo.get(i), nodes.get(i), copy, callback);
      }
    }
  }

  private static List<String> digests(RespRequest request) {
    if (!request.is(0, "SCRIPT") || !request.is(1, "EXISTS")) {
      return List.of();
    }
    List<String> digests = new ArrayList<>(request.count() - 2);
    for (int arg = 2; arg < request.count(); arg++) {
      digests.add(request.text(arg));
    }
    return digests;
  }

  /**
   * Which of the scripts asked about the proxy holds the body of, as of the replies but before any
   * SCRIPT FLUSH sent after this request: an EVAL in a transaction sent before counts once its EXEC
   * answered, which is before these replies.
   */
  private boolean[] knownScripts() {
    boolean[] known = new boolean[digests.size()];
    for (int i = 0; i < known.length; i++) {
      known[i] = session.server().scripts().knownIn(digests.get(i), epoch);
    }
    return known;
  }

  /** What the shards are told to load or forget, the proxy keeps or forgets too. */
  private static void rememberScripts(ClientSession session, RespRequest request) {
    if (!request.is(0, "SCRIPT")) {
      return;
    }
    if (request.is(1, "LOAD")) {
      session.server().scripts().remember(request.frame(), request.offset(2), request.length(2));
    } else if (request.is(1, "FLUSH")) {
      session.server().scripts().clear();
    }
  }

  private void onReply(int index, ByteBuf reply) {
    replies[index] = reply;
    if (--outstanding > 0) {
      return;
    }
    ByteBuf merged;
    try {
      merged =
          ManagementReplies.merge(
              session.ctx().alloc(), form, targets, List.of(replies), knownScripts());
    } catch (RuntimeException e) {
      merged =
          RespWriter.error(
              session.ctx().alloc(), "ERR unexpected reply from upstream: " + e.getMessage());
    } finally {
      for (int i = 0; i < replies.length; i++) {
        replies[i].release();
        replies[i] = null;
      }
    }
    complete(merged);
  }
}
