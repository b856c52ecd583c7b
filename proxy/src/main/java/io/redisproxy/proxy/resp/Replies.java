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
    int start = reply.readerIndex();
    byte type = reply.getByte(start);
    if (type != '*' && type != '~' && type != '>' && type != '%') {
      throw new RespProtocolException("expected an array reply, got " + firstLine(reply));
    }
    int cr = reply.indexOf(start, reply.writerIndex(), (byte) '\r');
    int count = Integer.parseInt(line(reply, start + 1)) * (type == '%' ? 2 : 1);
    List<ByteBuf> elements = new ArrayList<>(Math.max(count, 0));
    ByteBuf rest = reply.slice(cr + 2, reply.writerIndex() - cr - 2);
    ReplyScanner scanner = new ReplyScanner();
    for (int i = 0; i < count; i++) {
      int length = scanner.scan(rest);
      if (length < 0) {
        throw new RespProtocolException("truncated array reply");
      }
      elements.add(rest.slice(rest.readerIndex(), length));
      rest.skipBytes(length);
    }
    return elements;
  }

  /**
   * Where each of the {@code count} elements of an array reply starts, relative to its reader
   * index, and where the last ends ({@code count + 1} offsets); the reply is scanned once and no
   * element is sliced. Throws when the reply is no array of that many elements.
   */
  public static int[] elementBounds(ByteBuf reply, int count) {
    int start = reply.readerIndex();
    byte type = reply.getByte(start);
    int cr = reply.indexOf(start, reply.writerIndex(), (byte) '\r');
    if (type != '*' || cr < 0 || Integer.parseInt(line(reply, start + 1)) != count) {
      throw new RespProtocolException(
          "expected an array of " + count + " elements, got " + firstLine(reply));
    }
    int[] bounds = new int[count + 1];
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
    bounds[count] = at;
    return bounds;
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
