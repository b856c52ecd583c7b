package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SCAN over every shard behind one cursor. The proxy cursor packs the shard's own cursor and the
 * shard's position: {@code cursor = shardCursor * shards + shard}. A walk visits shard 0 to the
 * end, then shard 1, and so on; 0 ends it, as in Redis. With one shard the cursor is Redis' own.
 */
final class ScanRequest extends PendingReply implements ReplyCallback {
  private final int shard;
  private final int shardCount;

  private ScanRequest(ClientSession session, int shard, int shardCount) {
    super(session);
    this.shard = shard;
    this.shardCount = shardCount;
  }

  static void start(ClientSession session, RespRequest request) {
    List<Shard> shards = session.runtime().routing().shards();
    long cursor = parseCursor(request.text(1));
    if (shards.isEmpty()) {
      session.fail(request, "CLUSTERDOWN no shard is known yet");
      return;
    }
    if (cursor < 0) {
      session.fail(request, "ERR invalid cursor");
      return;
    }
    int shard = (int) Long.remainderUnsigned(cursor, shards.size());
    long shardCursor = Long.divideUnsigned(cursor, shards.size());
    ScanRequest scan = new ScanRequest(session, shard, shards.size());
    session.enqueue(scan);
    ByteBuf frame = withCursor(session.ctx().alloc(), request, Long.toUnsignedString(shardCursor));
    request.release();
    session.send(shards.get(shard), shards.get(shard).primary(), frame, scan);
  }

  @Override
  public void onReply(ByteBuf reply) {
    if (Replies.isError(reply)) {
      complete(reply);
      return;
    }
    ByteBuf merged;
    try {
      List<ByteBuf> parts = Replies.elements(reply);
      long next = parseCursor(Replies.bulkText(parts.get(0)));
      long cursor;
      if (next != 0) {
        cursor = next * shardCount + shard;
        if (Long.divideUnsigned(cursor, shardCount) != next) {
          throw new IllegalStateException("shard cursor " + next + " is too large to combine");
        }
      } else {
        cursor = shard + 1 < shardCount ? shard + 1 : 0;
      }
      ByteBuf keys = parts.get(1);
      merged = session.ctx().alloc().buffer(keys.readableBytes() + 32);
      RespWriter.arrayHeader(merged, 2);
      RespWriter.bulk(merged, Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
      merged.writeBytes(keys);
    } catch (RuntimeException e) {
      merged =
          RespWriter.error(session.ctx().alloc(), "ERR unexpected SCAN reply: " + e.getMessage());
    } finally {
      reply.release();
    }
    complete(merged);
  }

  private static long parseCursor(String text) {
    try {
      return text == null ? -1 : Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The client's SCAN with its cursor replaced by the shard's. */
  private static ByteBuf withCursor(ByteBufAllocator alloc, RespRequest request, String cursor) {
    ByteBuf frame = alloc.buffer(request.frame().readableBytes() + 32);
    RespWriter.arrayHeader(frame, request.count());
    for (int arg = 0; arg < request.count(); arg++) {
      if (arg == 1) {
        RespWriter.bulk(frame, cursor.getBytes(StandardCharsets.US_ASCII));
      } else {
        RespWriter.bulk(frame, request.frame(), request.offset(arg), request.length(arg));
      }
    }
    return frame;
  }
}
