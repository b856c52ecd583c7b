package io.redisproxy.proxy.route;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocolException;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import java.util.List;

/**
 * One shard's health poll: asks its primary and replicas for {@code INFO replication} over the
 * proxy's own upstream connections, then judges each replica once every answer is in. Runs on the
 * monitor's event loop only.
 */
final class ShardPoll {
  private final String shard;
  private final Node primary;
  private final OffsetHistory history;
  private final List<ReplicaState> replicas;
  // Index 0 is the primary, index i + 1 replica i.
  private final ReplicationInfo[] infos;
  private final String[] errors;
  private int outstanding;
  private boolean retired;

  ShardPoll(String shard, Node primary, OffsetHistory history, List<ReplicaState> replicas) {
    this.shard = shard;
    this.primary = primary;
    this.history = history;
    this.replicas = List.copyOf(replicas);
    this.infos = new ReplicationInfo[replicas.size() + 1];
    this.errors = new String[replicas.size() + 1];
  }

  /** Starts a round unless the last one still waits for answers (bounded by the op timeout). */
  void start(UpstreamRegistry upstreams) {
    if (outstanding > 0 || retired) {
      return;
    }
    outstanding = infos.length;
    ask(upstreams, 0, primary);
    for (int i = 0; i < replicas.size(); i++) {
      ask(upstreams, i + 1, replicas.get(i).node());
    }
  }

  /** Ignores answers still on their way: a newer config replaced this shard. */
  void retire() {
    retired = true;
  }

  private void ask(UpstreamRegistry upstreams, int index, Node node) {
    ByteBuf frame = RequestDecoder.encode(ByteBufAllocator.DEFAULT, "INFO", "replication").frame();
    upstreams.send(node, frame, reply -> answered(index, reply), System.nanoTime());
  }

  private void answered(int index, ByteBuf reply) {
    try {
      if (Replies.isError(reply)) {
        infos[index] = null;
        errors[index] = Replies.firstLine(reply);
      } else {
        infos[index] = ReplicationInfo.parse(Replies.bulkText(reply));
        errors[index] = null;
      }
    } catch (RespProtocolException e) {
      infos[index] = null;
      errors[index] = "unexpected reply: " + e.getMessage();
    } finally {
      reply.release();
    }
    if (--outstanding == 0 && !retired) {
      judge(System.nanoTime());
    }
  }

  private void judge(long now) {
    long primaryOffset = infos[0] != null ? infos[0].offset() : -1;
    if (primaryOffset >= 0) {
      history.record(now, primaryOffset);
    }
    for (int i = 0; i < replicas.size(); i++) {
      ReplicaState replica = replicas.get(i);
      ReplicationInfo info = infos[i + 1];
      replica.report(
          shard,
          info != null
              ? info.problem()
              : "it does not answer INFO replication (" + errors[i + 1] + ")");
      if (info != null && info.isReplica() && info.offset() >= 0) {
        replica.lag(
            primaryOffset >= 0 ? Math.max(0, primaryOffset - info.offset()) : -1,
            history.lagNanos(info.offset(), now));
      }
    }
  }
}
