package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * PUBSUB asked of every shard, the answers merged as one server would give them: channel lists
 * united, subscriber counts added up per channel. NUMPAT takes the largest count, because the proxy
 * holds a client's pattern on every shard of a hash-sharded upstream: each shard counts it once,
 * and adding them up would count it once per shard.
 */
final class PubSubQuery {
  private PubSubQuery() {}

  /** How to merge the shards' answers to {@code request}. */
  static Function<List<ByteBuf>, ByteBuf> merge(ClientSession session, RespRequest request) {
    ByteBufAllocator alloc = session.ctx().alloc();
    return switch (request.text(1).toLowerCase(Locale.ROOT)) {
      case "channels", "shardchannels" -> replies -> union(alloc, replies);
      case "numsub", "shardnumsub" -> replies -> sumPerChannel(alloc, replies);
      case "numpat" -> replies -> max(alloc, replies);
      default -> replies -> replies.get(0).retainedDuplicate();
    };
  }

  private static ByteBuf union(ByteBufAllocator alloc, List<ByteBuf> replies) {
    Set<String> names = new LinkedHashSet<>();
    for (ByteBuf reply : replies) {
      for (ByteBuf element : Replies.elements(reply)) {
        names.add(Replies.bulkText(element));
      }
    }
    ByteBuf merged = alloc.buffer(16 + names.size() * 24);
    RespWriter.arrayHeader(merged, names.size());
    names.forEach(name -> RespWriter.bulk(merged, name.getBytes(StandardCharsets.UTF_8)));
    return merged;
  }

  /** Every shard answers {@code [channel, count, channel, count, ...]} in the order asked. */
  private static ByteBuf sumPerChannel(ByteBufAllocator alloc, List<ByteBuf> replies) {
    List<ByteBuf> first = Replies.elements(replies.get(0));
    long[] counts = new long[first.size() / 2];
    for (ByteBuf reply : replies) {
      List<ByteBuf> elements = Replies.elements(reply);
      for (int i = 0; i < counts.length; i++) {
        counts[i] += Replies.integer(elements.get(2 * i + 1));
      }
    }
    ByteBuf merged = alloc.buffer(16 + replies.get(0).readableBytes());
    RespWriter.arrayHeader(merged, first.size());
    for (int i = 0; i < counts.length; i++) {
      merged.writeBytes(
          first.get(2 * i), first.get(2 * i).readerIndex(), first.get(2 * i).readableBytes());
      RespWriter.integer(merged, counts[i]);
    }
    return merged;
  }

  private static ByteBuf max(ByteBufAllocator alloc, List<ByteBuf> replies) {
    long max = 0;
    for (ByteBuf reply : replies) {
      max = Math.max(max, Replies.integer(reply));
    }
    return RespWriter.integer(alloc, max);
  }
}
