package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads complete replies that the proxy must merge: integers, arrays, errors; in RESP2 or RESP3
 * (whose maps, sets and pushes read as arrays of their elements, and whose null reads as nil).
 */
public final class Replies {
  private Replies() {}

  /** A simple error, or a RESP3 blob error. */
  public static boolean isError(ByteBuf reply) {
    byte type = reply.getByte(reply.readerIndex());
    return type == '-' || type == '!';
  }

  /** A nil bulk string, a nil array, or the RESP3 null. */
  public static boolean isNil(ByteBuf reply) {
    byte type = reply.getByte(reply.readerIndex());
    return type == '_'
        || (type == '$' || type == '*') && reply.getByte(reply.readerIndex() + 1) == '-';
  }

  public static boolean isOk(ByteBuf reply) {
    return reply.readableBytes() == 5
        && reply.getByte(reply.readerIndex()) == '+'
        && reply.getByte(reply.readerIndex() + 1) == 'O'
        && reply.getByte(reply.readerIndex() + 2) == 'K';
  }

  /** A simple string reply of exactly {@code text}. */
  public static boolean isStatus(ByteBuf reply, String text) {
    return reply.getByte(reply.readerIndex()) == '+' && firstLine(reply).equals(text);
  }

  /** The value of an integer reply; throws when the reply is not one. */
  public static long integer(ByteBuf reply) {
    int start = reply.readerIndex();
    if (reply.getByte(start) != ':') {
      throw new RespProtocolException("expected an integer reply, got " + firstLine(reply));
    }
    return Long.parseLong(line(reply, start + 1));
  }

  /**
   * The elements of an array reply (or a set, a push, or a map's keys and values in turn), as
   * slices of it (not retained).
   */
  public static List<ByteBuf> elements(ByteBuf reply) {
    byte type = reply.getByte(reply.readerIndex());
    if (type != '*' && type != '~' && type != '>' && type != '%') {
      throw new RespProtocolException("expected an array reply, got " + firstLine(reply));
    }
    int count = Integer.parseInt(firstLine(reply)) * (type == '%' ? 2 : 1);
    int[] bounds = bounds(reply, count);
    List<ByteBuf> elements = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      elements.add(reply.slice(reply.readerIndex() + bounds[i], bounds[i + 1] - bounds[i]));
    }
    return elements;
  }

  /**
   * Where each of the {@code count} elements of an array reply starts, relative to its reader
   * index, and where the last ends ({@code count + 1} offsets); the reply is scanned once and no
   * element is sliced. Throws when the reply is no array of that many elements.
   */
  public static int[] elementBounds(ByteBuf reply, int count) {
    if (reply.getByte(reply.readerIndex()) != '*' || Integer.parseInt(firstLine(reply)) != count) {
      throw new RespProtocolException(
          "expected an array of " + count + " elements, got " + firstLine(reply));
    }
    return bounds(reply, count);
  }

  /** The element offsets of an aggregate reply of {@code count} elements after its header. */
  private static int[] bounds(ByteBuf reply, int count) {
    int start = reply.readerIndex();
    int cr = reply.indexOf(start, reply.writerIndex(), (byte) '\r');
    int[] bounds = new int[Math.max(count, 0) + 1];
    int at = cr + 2 - start;
    ByteBuf rest = reply.slice(start + at, reply.writerIndex() - start - at);
    ReplyScanner scanner = new ReplyScanner();
    for (int i = 0; i < count; i++) {
      bounds[i] = at;
      int length = scanner.scan(rest);
      if (length < 0) {
        throw new RespProtocolException("truncated array reply");
      }
      rest.skipBytes(length);
      at += length;
    }
    bounds[Math.max(count, 0)] = at;
    return bounds;
  }

  /** Whether {@code frame} holds {@code prefix} from {@code skip} bytes past its reader index. */
  public static boolean startsWith(ByteBuf frame, int skip, byte[] prefix) {
    if (frame.readableBytes() < skip + prefix.length) {
      return false;
    }
    int at = frame.readerIndex() + skip;
    for (int i = 0; i < prefix.length; i++) {
      if (frame.getByte(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The content of a bulk string reply, or null for a nil reply. */
  public static String bulkText(ByteBuf reply) {
    int start = reply.readerIndex();
    byte type = reply.getByte(start);
    if (type == '_') {
      return null;
    }
    if (type != '$' && type != '=') {
      throw new RespProtocolException("expected a bulk reply, got " + firstLine(reply));
    }
    int length = Integer.parseInt(line(reply, start + 1));
    if (length < 0) {
      return null;
    }
    int data = reply.indexOf(start, reply.writerIndex(), (byte) '\r') + 2;
    // A verbatim string's content starts with its format, as in "txt:".
    int format = type == '=' ? 4 : 0;
    return reply.toString(data + format, length - format, StandardCharsets.UTF_8);
  }

  /** The first line of a reply without its type byte, e.g. the text of an error. */
  public static String firstLine(ByteBuf reply) {
    return line(reply, reply.readerIndex() + 1);
  }

  private static String line(ByteBuf reply, int from) {
    int cr = reply.indexOf(from, reply.writerIndex(), (byte) '\r');
    return reply.toString(from, (cr < 0 ? reply.writerIndex() : cr) - from, StandardCharsets.UTF_8);
  }
}
