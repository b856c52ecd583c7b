package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Handling;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.net.RangeCopy;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.shard.Slots;
import io.redisproxy.proxy.upstream.ArrayReplyCallback;
import io.redisproxy.proxy.upstream.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-key command (MGET, MSET, DEL, UNLINK, EXISTS, TOUCH) whose keys live on several shards:
 * one request per shard, replies merged back in the client's key order. When every key is on one
 * shard the request is forwarded whole instead, without re-encoding.
 */
final class SplitRequest extends PendingReply {
  private final Handling handling;
  private final List<Part> parts;
  private final int[] partOfKey;
  private final int[] positionInPart;
  private int outstanding;
  private MirrorCopy mirror;

  /** The keys one shard answers for, and its reply. */
  private final class Part implements ArrayReplyCallback {
    final Shard shard;
    final int slot;
    final KeyIndexes keyArgs = new KeyIndexes();
    ByteBuf reply;
    int[] bounds;

    Part(Shard shard, int slot) {
      this.shard = shard;
      this.slot = slot;
    }

    @Override
    public int expectedElements() {
      return handling == Handling.SPLIT_VALUES ? keyArgs.size() : -1;
    }

    @Override
    public void onReply(ByteBuf reply, int[] bounds) {
      this.reply = reply;
      this.bounds = bounds;
      if (--outstanding == 0) {
        merge();
      }
    }

    /** Where each element of the reply starts, as recorded while it was read or found now. */
    int[] bounds() {
      return bounds != null ? bounds : Replies.elementBounds(reply, keyArgs.size());
    }
  }

  private SplitRequest(ClientSession session, Handling handling, int keyCount) {
    super(session);
    this.handling = handling;
    this.parts = new ArrayList<>(4);
    this.partOfKey = new int[keyCount];
    this.positionInPart = new int[keyCount];
  }

  static void start(ClientSession session, RespRequest request, CommandSpec spec) {
    KeyIndexes keys = session.keys();
    keys.clear();
    spec.keys().find(request, keys);
    int pairWidth = spec.handling() == Handling.SPLIT_PAIRS ? 2 : 1;
    if (pairWidth == 2 && (request.count() - 1) % 2 != 0) {
      session.fail(request, "ERR wrong number of arguments for '" + spec.name() + "' command");
      return;
    }
    SplitRequest split = new SplitRequest(session, spec.handling(), keys.size());
    for (int k = 0; k < keys.size(); k++) {
      Shard shard = session.shardOf(request, keys.get(k), spec.write());
      if (shard == null) {
        split.releaseParts();
        session.fail(request, session.unroutable(request, keys.get(k)));
        return;
      }
      // Redis Cluster refuses multi-key commands across slots, even on one node: split by slot.
      int slot =
          shard.upstream().topology() == null
              ? -1
              : Slots.slotOf(
                  request.frame(), request.offset(keys.get(k)), request.length(keys.get(k)));
      int p = split.partIndex(shard, slot);
      Part part = split.parts.get(p);
      split.partOfKey[k] = p;
      split.positionInPart[k] = part.keyArgs.size();
      part.keyArgs.add(keys.get(k));
    }
    if (split.parts.size() == 1) {
      session.send(
          split.parts.get(0).shard,
          spec,
          request.frame(),
          session.replyPlace(request, spec, keys.get(0)));
      return;
    }
    // A multi-key write is mirrored whole, by the route of its first key.
    split.mirror = MirrorCopy.of(session, request, spec, keys.get(0));
    session.enqueue(split);
    split.outstanding = split.parts.size();
    ByteBufAllocator alloc = session.ctx().alloc();
    for (Part part : split.parts) {
      ByteBuf frame = subRequest(alloc, request, part.keyArgs, pairWidth);
      Node node = session.nodeFor(part.shard, spec);
      if (node == null) {
        frame.release();
        part.onReply(session.noNodeFor(part.shard));
      } else {
        session.send(part.shard, node, frame, part);
      }
    }
    request.release();
  }

  private int partIndex(Shard shard, int slot) {
    for (int p = 0; p < parts.size(); p++) {
      if (parts.get(p).shard == shard && parts.get(p).slot == slot) {
        return p;
      }
    }
    parts.add(new Part(shard, slot));
    return parts.size() - 1;
  }

  /**
   * The command name followed by this part's keys (and values, for pairs), as RESP: each key (or
   * key and value) is copied as the client encoded it, in one piece.
   */
  private static ByteBuf subRequest(
      ByteBufAllocator alloc, RespRequest request, KeyIndexes keyArgs, int width) {
    int size = 16 + request.length(0) + 16;
    for (int i = 0; i < keyArgs.size(); i++) {
      int arg = keyArgs.get(i);
      size += request.encodingEnd(arg + width - 1) - request.encodingStart(arg);
    }
    ByteBuf frame = alloc.buffer(size);
    RespWriter.arrayHeader(frame, 1 + keyArgs.size() * width);
    RespWriter.bulk(frame, request.frame(), request.offset(0), request.length(0));
    RangeCopy keys = new RangeCopy(frame, request.frame());
    for (int i = 0; i < keyArgs.size(); i++) {
      int arg = keyArgs.get(i);
      int start = request.encodingStart(arg);
      keys.append(start, request.encodingEnd(arg + width - 1) - start);
    }
    return frame;
  }

  private void merge() {
    ByteBuf error = null;
    for (Part part : parts) {
      if (error == null && Replies.isError(part.reply)) {
        error = part.reply.retain();
      }
    }
    ByteBuf merged;
    try {
      merged = error != null ? error : mergeReplies(session.ctx().alloc());
    } catch (RuntimeException e) {
      merged =
          RespWriter.error(
              session.ctx().alloc(), "ERR unexpected reply from upstream: " + e.getMessage());
    } finally {
      releaseParts();
    }
    if (mirror != null) {
      mirror.answered(merged);
      mirror = null;
    }
    complete(merged);
  }

  private ByteBuf mergeReplies(ByteBufAllocator alloc) {
    return switch (handling) {
      case SPLIT_PAIRS -> {
        for (Part part : parts) {
          if (!Replies.isOk(part.reply)) {
            throw new IllegalStateException(Replies.firstLine(part.reply));
          }
        }
        yield RespWriter.ok();
      }
      case SPLIT_COUNT -> {
        long sum = 0;
        for (Part part : parts) {
          sum += Replies.integer(part.reply);
        }
        yield RespWriter.integer(alloc, sum);
      }
      default -> values(alloc);
    };
  }

  private ByteBuf values(ByteBufAllocator alloc) {
    int[][] bounds = new int[parts.size()][];
    RangeCopy[] copies = new RangeCopy[parts.size()];
    int size = 16;
    for (int p = 0; p < parts.size(); p++) {
      Part part = parts.get(p);
      bounds[p] = part.bounds();
      size += part.reply.readableBytes();
    }
    ByteBuf merged = alloc.buffer(size);
    RespWriter.arrayHeader(merged, partOfKey.length);
    for (int p = 0; p < parts.size(); p++) {
      copies[p] = new RangeCopy(merged, parts.get(p).reply);
    }
    for (int k = 0; k < partOfKey.length; k++) {
      int p = partOfKey[k];
      int from = parts.get(p).reply.readerIndex() + bounds[p][positionInPart[k]];
      copies[p].append(from, bounds[p][positionInPart[k] + 1] - bounds[p][positionInPart[k]]);
    }
    return merged;
  }

  private void releaseParts() {
    for (Part part : parts) {
      if (part.reply != null) {
        part.reply.release();
        part.reply = null;
      }
    }
  }
}
