package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A command about the whole keyspace (DBSIZE, FLUSHDB, FLUSHALL, KEYS, RANDOMKEY, LASTSAVE, INFO):
 * sent as it is to every shard's primary, the replies merged into one.
 */
final class BroadcastRequest extends PendingReply {
  private final ByteBuf[] replies;
  private final Function<List<ByteBuf>, ByteBuf> merge;
  private int outstanding;

  private BroadcastRequest(
      ClientSession session, int shards, Function<List<ByteBuf>, ByteBuf> merge) {
    super(session);
    this.replies = new ByteBuf[shards];
    this.merge = merge;
    this.outstanding = shards;
  }

  static void start(ClientSession session, RespRequest request, CommandSpec spec) {
    ByteBufAllocator alloc = session.ctx().alloc();
    Function<List<ByteBuf>, ByteBuf> merge =
        switch (spec.handling()) {
          case ALL_SUM -> replies -> sum(alloc, replies);
          case ALL_MIN -> replies -> min(alloc, replies);
          case ALL_OK -> BroadcastRequest::allOk;
          case ALL_CONCAT -> replies -> concat(alloc, replies);
          default -> BroadcastRequest::anyNonNil;
        };
    send(session, request.frame(), merge);
  }

  /** Sends {@code frame} (taking ownership) to every shard and merges the replies. */
  static void send(ClientSession session, ByteBuf frame, Function<List<ByteBuf>, ByteBuf> merge) {
    List<Shard> shards = session.runtime().routing().shards();
    if (shards.isEmpty()) {
      frame.release();
      session.reply(RespWriter.error(session.ctx().alloc(), "CLUSTERDOWN no shard is known yet"));
      return;
    }
    BroadcastRequest broadcast = new BroadcastRequest(session, shards.size(), merge);
    session.enqueue(broadcast);
    for (int i = 0; i < shards.size(); i++) {
      int index = i;
      ByteBuf copy = i == shards.size() - 1 ? frame : frame.retainedDuplicate();
      Shard shard = shards.get(i);
      session.send(shard, shard.primary(), copy, reply -> broadcast.onReply(index, reply));
    }
  }

  private void onReply(int index, ByteBuf reply) {
    replies[index] = reply;
    if (--outstanding > 0) {
      return;
    }
    ByteBuf merged = null;
    for (ByteBuf r : replies) {
      if (merged == null && Replies.isError(r)) {
        merged = r.retain();
      }
    }
    try {
      if (merged == null) {
        merged = merge.apply(List.of(replies));
      }
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

  private static ByteBuf sum(ByteBufAllocator alloc, List<ByteBuf> replies) {
    long sum = 0;
    for (ByteBuf reply : replies) {
      sum += Replies.integer(reply);
    }
    return RespWriter.integer(alloc, sum);
  }

  private static ByteBuf min(ByteBufAllocator alloc, List<ByteBuf> replies) {
    long min = Long.MAX_VALUE;
    for (ByteBuf reply : replies) {
      min = Math.min(min, Replies.integer(reply));
    }
    return RespWriter.integer(alloc, min);
  }

  private static ByteBuf allOk(List<ByteBuf> replies) {
    for (ByteBuf reply : replies) {
      if (!Replies.isOk(reply)) {
        throw new IllegalStateException(Replies.firstLine(reply));
      }
    }
    return RespWriter.ok();
  }

  private static ByteBuf concat(ByteBufAllocator alloc, List<ByteBuf> replies) {
    int count = 0;
    int size = 16;
    for (ByteBuf reply : replies) {
      count += Replies.elements(reply).size();
      size += reply.readableBytes();
    }
    ByteBuf merged = alloc.buffer(size);
    RespWriter.arrayHeader(merged, count);
    for (ByteBuf reply : replies) {
      for (ByteBuf element : Replies.elements(reply)) {
        merged.writeBytes(element);
      }
    }
    return merged;
  }

  /**
   * The first non-nil reply, starting from a random shard so every shard gets its turn; else a
   * shard's nil, which is written in the client's protocol.
   */
  private static ByteBuf anyNonNil(List<ByteBuf> replies) {
    int start = ThreadLocalRandom.current().nextInt(replies.size());
    for (int i = 0; i < replies.size(); i++) {
      ByteBuf reply = replies.get((start + i) % replies.size());
      if (Replies.bulkText(reply) != null) {
        return reply.retainedDuplicate();
      }
    }
    return replies.get(0).retainedDuplicate();
  }
}
