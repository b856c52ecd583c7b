package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.redisproxy.proxy.command.Management;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merges the replies of every server to a SCRIPT, FUNCTION or CONFIG request into the one reply a
 * single server would give. When the servers agree, that is their reply, byte for byte; when one
 * fails, its error, naming the server and how many shards ran the request (the others keep what it
 * changed there).
 */
final class ManagementReplies {
  /** A server a request went to; a replica's reply does not {@code count} for success. */
  record Target(String label, boolean counts) {}

  private ManagementReplies() {}

  /**
   * The merged reply (a new buffer, or a retained slice of one of {@code replies}). {@code known}:
   * for SCRIPT EXISTS, which of the scripts asked about the proxy holds the body of.
   */
  static ByteBuf merge(
      ByteBufAllocator alloc,
      Management form,
      List<Target> targets,
      List<ByteBuf> replies,
      boolean[] known) {
    List<ByteBuf> counted = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i).counts()) {
        counted.add(replies.get(i));
        labels.add(targets.get(i).label());
      }
    }
    if (form == Management.KILL) {
      return kill(alloc, replies, counted, labels);
    }
    ByteBuf first = counted.get(0);
    if (form == Management.SCRIPT_EXISTS && counted.stream().noneMatch(Replies::isError)) {
      return exists(alloc, counted, known);
    }
    if (allEqual(counted)) {
      return first.retainedDuplicate();
    }
    boolean changes = form == Management.EVERY_NODE || form == Management.EVERY_PRIMARY;
    for (int i = 0; i < counted.size(); i++) {
      if (Replies.isError(counted.get(i))) {
        return named(alloc, counted, labels, i, changes);
      }
    }
    return switch (form) {
      case FUNCTION_LIST -> librariesOnEveryShard(alloc, counted);
      case FUNCTION_STATS -> running(counted).retainedDuplicate();
      default -> first.retainedDuplicate();
    };
  }

  /** OK where a script was killed on any server; else the first error but NOTBUSY; else NOTBUSY. */
  private static ByteBuf kill(
      ByteBufAllocator alloc, List<ByteBuf> all, List<ByteBuf> counted, List<String> labels) {
    for (ByteBuf reply : all) {
      if (Replies.isOk(reply)) {
        return RespWriter.ok();
      }
    }
    for (int i = 0; i < counted.size(); i++) {
      if (!Replies.firstLine(counted.get(i)).startsWith("NOTBUSY")) {
        return named(alloc, counted, labels, i, false);
      }
    }
    return counted.get(0).retainedDuplicate();
  }

  /**
   * The error of server {@code failed}, naming it (unless its text does, as the proxy's own errors
   * about a server do) and, for a change, on how many shards it ran.
   */
  private static ByteBuf named(
      ByteBufAllocator alloc,
      List<ByteBuf> counted,
      List<String> labels,
      int failed,
      boolean changes) {
    String text = Replies.firstLine(counted.get(failed));
    String label = labels.get(failed);
    List<String> notes = new ArrayList<>();
    if (!text.contains(label)) {
      notes.add("on " + label);
    }
    if (changes) {
      long ran = counted.stream().filter(r -> !Replies.isError(r)).count();
      notes.add(ran + " of " + counted.size() + " shards ran it");
    }
    return RespWriter.error(alloc, text + " (" + String.join("; ", notes) + ")");
  }

  /**
   * SCRIPT EXISTS: 1 where every shard has the script, or where some shard has it and the proxy
   * holds its body, which it loads on a shard that lacks it: EVALSHA finds it anywhere. A body no
   * shard took (it never compiled) makes no script exist.
   */
  private static ByteBuf exists(ByteBufAllocator alloc, List<ByteBuf> counted, boolean[] known) {
    List<ByteBuf> first = Replies.elements(counted.get(0));
    long[] everywhere = new long[first.size()];
    long[] somewhere = new long[first.size()];
    Arrays.fill(everywhere, 1);
    for (ByteBuf reply : counted) {
      List<ByteBuf> elements = Replies.elements(reply);
      for (int i = 0; i < everywhere.length; i++) {
        long exists = Replies.integer(elements.get(i));
        everywhere[i] &= exists;
        somewhere[i] |= exists;
      }
    }
    ByteBuf merged = alloc.buffer(16 + everywhere.length * 4);
    RespWriter.arrayHeader(merged, everywhere.length);
    for (int i = 0; i < everywhere.length; i++) {
      RespWriter.integer(merged, known[i] ? somewhere[i] : everywhere[i]);
    }
    return merged;
  }

  /**
   * FUNCTION LIST: the libraries, as the first shard describes them, that every shard has. Each
   * server lists libraries and functions in the order of its own hash tables, so libraries are
   * matched by name.
   */
  private static ByteBuf librariesOnEveryShard(ByteBufAllocator alloc, List<ByteBuf> counted) {
    List<ByteBuf> common = new ArrayList<>();
    for (ByteBuf library : Replies.elements(counted.get(0))) {
      String name = libraryName(library);
      boolean everywhere = true;
      for (ByteBuf other : counted.subList(1, counted.size())) {
        everywhere &= Replies.elements(other).stream().anyMatch(l -> libraryName(l).equals(name));
      }
      if (everywhere) {
        common.add(library);
      }
    }
    ByteBuf merged = alloc.buffer(16 + common.stream().mapToInt(ByteBuf::readableBytes).sum());
    RespWriter.arrayHeader(merged, common.size());
    for (ByteBuf library : common) {
      merged.writeBytes(library, library.readerIndex(), library.readableBytes());
    }
    return merged;
  }

  private static String libraryName(ByteBuf library) {
    List<ByteBuf> fields = Replies.elements(library);
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if ("library_name".equals(Replies.bulkText(fields.get(i)))) {
        return Replies.bulkText(fields.get(i + 1));
      }
    }
    throw new IllegalStateException("a library without library_name in FUNCTION LIST");
  }

  /** FUNCTION STATS: the shard's that runs a function now, else the first shard's. */
  private static ByteBuf running(List<ByteBuf> counted) {
    for (ByteBuf reply : counted) {
      List<ByteBuf> fields = Replies.elements(reply);
      if (fields.size() > 1 && !Replies.isNil(fields.get(1))) {
        return reply;
      }
    }
    return counted.get(0);
  }

  private static boolean allEqual(List<ByteBuf> replies) {
    for (ByteBuf reply : replies) {
      if (!ByteBufUtil.equals(reply, replies.get(0))) {
        return false;
      }
    }
    return true;
  }
}
