package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocolException;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.ReplicationInfo;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.Node;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WAIT numreplicas timeout, for writes spread over many shards and shared connections. Redis' own
 * WAIT counts what the replicas acknowledged of its connection's writes, and the proxy's
 * connections carry many clients' writes; so once every earlier request of the client has been
 * answered, the proxy reads each shard primary's replication offset, which covers the client's
 * writes there, and polls the shard's replicas until enough have applied that offset or the timeout
 * passes. The answer is the smallest count over the shards: how many replicas hold every write the
 * client made, wherever it went. Only replicas the proxy knows (configured, or in the Redis
 * Cluster's slot map) count. The client waits meanwhile, as in Redis.
 */
final class WaitRequest extends PendingReply {
  private static final long POLL_MILLIS = 5;

  private final long wanted;
  private final long deadline;
  private final List<Shard> shards;
  private final long[] targets;
  private final int[] acknowledged;
  private int outstanding;
  private boolean started;
  private boolean finished;
  private ScheduledFuture<?> nextRound;

  private WaitRequest(ClientSession session, long wanted, long timeoutMillis) {
    super(session);
    this.wanted = wanted;
    // A timeout of centuries is as good as none, and must not overflow the clock.
    this.deadline =
        timeoutMillis == 0
            ? Long.MAX_VALUE
            : System.nanoTime()
                + Math.min(TimeUnit.MILLISECONDS.toNanos(timeoutMillis), Long.MAX_VALUE / 4);
    this.shards = session.runtime().routing().shards();
    this.targets = new long[shards.size()];
    this.acknowledged = new int[shards.size()];
  }

  static void start(ClientSession session, RespRequest request) {
    // Redis reads the number of replicas (which may be negative) first, then the timeout.
    OptionalLong wanted = request.integer(1);
    OptionalLong timeout = request.integer(2);
    request.release();
    String error =
        wanted.isEmpty()
            ? "ERR value is not an integer or out of range"
            : timeout.isEmpty()
                ? "ERR timeout is not an integer or out of range"
                : timeout.getAsLong() < 0 ? "ERR timeout is negative" : null;
    if (error != null) {
      session.reply(RespWriter.error(session.ctx().alloc(), error));
      return;
    }
    session.waitStarted(
        new WaitRequest(session, Math.max(0, wanted.getAsLong()), timeout.getAsLong()));
  }

  /**
   * Every earlier request is answered, so the primaries' offsets cover the client's writes; called
   * by the session, perhaps more than once.
   */
  void start() {
    if (started) {
      return;
    }
    started = true;
    if (shards.isEmpty()) {
      finish(RespWriter.integer(session.ctx().alloc(), 0));
      return;
    }
    outstanding = shards.size();
    for (int i = 0; i < shards.size(); i++) {
      int shard = i;
      ask(shards.get(i).primary(), reply -> primaryAnswered(shard, reply));
    }
  }

  private void primaryAnswered(int shard, ReplicationInfo info) {
    if (finished) {
      return;
    }
    if (info == null || info.offset() < 0) {
      Node primary = shards.get(shard).primary();
      finish(
          RespWriter.error(
              session.ctx().alloc(),
              "ERR cannot WAIT: primary " + primary.label() + " did not tell its offset"));
      return;
    }
    targets[shard] = info.offset();
    if (--outstanding == 0) {
      pollReplicas();
    }
  }

  private void pollReplicas() {
    nextRound = null;
    if (finished) {
      return;
    }
    outstanding = 0;
    for (int i = 0; i < shards.size(); i++) {
      acknowledged[i] = 0;
      outstanding += shards.get(i).replicas().size();
    }
    if (outstanding == 0) {
      judge();
      return;
    }
    for (int i = 0; i < shards.size(); i++) {
      int shard = i;
      for (Node replica : shards.get(i).replicas()) {
        ask(replica, info -> replicaAnswered(shard, info));
      }
    }
  }

  private void replicaAnswered(int shard, ReplicationInfo info) {
    if (finished) {
      return;
    }
    if (info != null && info.isReplica() && info.offset() >= targets[shard]) {
      acknowledged[shard]++;
    }
    if (--outstanding == 0) {
      judge();
    }
  }

  private void judge() {
    int fewest = Integer.MAX_VALUE;
    for (int count : acknowledged) {
      fewest = Math.min(fewest, count);
    }
    if (fewest >= wanted || System.nanoTime() - deadline >= 0) {
      finish(RespWriter.integer(session.ctx().alloc(), fewest));
    } else {
      nextRound =
          session.ctx().executor().schedule(this::pollReplicas, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void ask(Node node, Consumer<ReplicationInfo> answer) {
    ByteBuf frame = RequestDecoder.encode(session.ctx().alloc(), "INFO", "replication").frame();
    session.send(
        node,
        frame,
        reply -> {
          ReplicationInfo info = null;
          try {
            if (!Replies.isError(reply)) {
              info = ReplicationInfo.parse(Replies.bulkText(reply));
            }
          } catch (RespProtocolException e) {
            info = null;
          } finally {
            reply.release();
          }
          answer.accept(info);
        });
  }

  private void finish(ByteBuf reply) {
    finished = true;
    session.waitEnded();
    complete(reply);
  }

  @Override
  void discard() {
    finished = true;
    if (nextRound != null) {
      nextRound.cancel(false);
    }
    super.discard();
  }
}
