package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.net.DirectReads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds request boundaries in a client's byte stream without copying. A request may arrive in
 * pieces: the decoder remembers how far it got, so a large request is not scanned again from its
 * start on every read. Inline commands ({@code PING} typed into telnet) are re-encoded as RESP so
 * the rest of the proxy sees one form.
 */
public final class RequestDecoder {
  /** Redis' own limit on an inline command line. */
  static final int MAX_INLINE_BYTES = 64 * 1024;

  /**
   * The proxy's limit on the number of arguments of one request (Redis 7 takes up to 2^31 - 1): the
   * decoder sizes its arrays from the header, before the arguments arrive.
   */
  static final int MAX_ARGUMENTS = 1024 * 1024;

  /** Redis' default {@code proto-max-bulk-len}: a longer bulk length is no length to Redis. */
  static final long MAX_BULK_LENGTH = 512L * 1024 * 1024;

  /** Marks input that was consumed without making a request (an empty line). */
  private static final RespRequest SKIPPED = new RespRequest(null, 0, new int[0], new int[0]);

  private final int maxRequestBytes;

  // Progress through the request that starts at the buffer's reader index.
  private int count = -1;
  private int parsed;
  private int position;
  private int[] offsets;
  private int[] lengths;

  public RequestDecoder(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * The next complete request, or null when more bytes are needed. Consumes the request's bytes
   * from {@code in}. Throws {@link RespProtocolException} for input that is not a request.
   */
  public RespRequest decode(ByteBuf in, ByteBufAllocator alloc) {
    RespRequest request;
    do {
      request = decodeOne(in, alloc);
    } while (request == SKIPPED);
    return request;
  }

  private RespRequest decodeOne(ByteBuf in, ByteBufAllocator alloc) {
    if (!in.isReadable()) {
      return null;
    }
    if (count < 0 && in.getByte(in.readerIndex()) != '*') {
      return decodeInline(in, alloc);
    }
    int start = in.readerIndex();
    int end = in.writerIndex();
    // Every read below stays inside [start, end): a direct buffer is read by address.
    long address = DirectReads.address(in, start, end - start);
    if (count < 0) {
      int lineEnd = lineEnd(in, address, start + 1, end);
      if (lineEnd < 0) {
        checkHeaderLength(end - start);
        return null;
      }
      long declared = parseNumber(in, address, start + 1, lineEnd, "invalid multibulk length");
      if (declared > Integer.MAX_VALUE) {
        throw new RespProtocolException("Protocol error: invalid multibulk length");
      }
      if (declared > MAX_ARGUMENTS) {
        throw new RespProtocolException(
            "Protocol error: request exceeds the proxy's limit of " + MAX_ARGUMENTS + " arguments");
      }
      if (declared * 6 > maxRequestBytes) {
        // Each argument takes at least six bytes ("$0\r\n\r\n").
        throw tooLarge();
      }
      if (declared <= 0) {
        // Redis ignores empty multibulks; so do we.
        in.readerIndex(lineEnd + 2);
        return SKIPPED;
      }
      count = (int) declared;
      // Sized exactly: the arrays go to the request as they are, without a copy.
      offsets = new int[count];
      lengths = new int[count];
      parsed = 0;
      position = lineEnd + 2 - start;
    }
    while (parsed < count) {
      int at = start + position;
      if (at >= end) {
        return null;
      }
      byte type = DirectReads.getByte(in, address, at);
      if (type != '$') {
        throw new RespProtocolException(
            "Protocol error: expected '$', got '" + printable(type) + "'");
      }
      int lineEnd = lineEnd(in, address, at + 1, end);
      if (lineEnd < 0) {
        checkHeaderLength(end - at);
        return null;
      }
      long length = parseNumber(in, address, at + 1, lineEnd, "invalid bulk length");
      int dataStart = lineEnd + 2;
      long frameEnd = (long) dataStart - start + length + 2;
      if (length < 0 || length > MAX_BULK_LENGTH) {
        throw new RespProtocolException("Protocol error: invalid bulk length");
      }
      if (frameEnd > maxRequestBytes) {
        throw tooLarge();
      }
      if (start + frameEnd > end) {
        return null;
      }
      int dataEnd = dataStart + (int) length;
      if (DirectReads.getByte(in, address, dataEnd) != '\r'
          || DirectReads.getByte(in, address, dataEnd + 1) != '\n') {
        throw new RespProtocolException("Protocol error: bulk string not terminated by CRLF");
      }
      offsets[parsed] = dataStart - start;
      lengths[parsed] = (int) length;
      parsed++;
      position = (int) frameEnd;
    }
    RespRequest request =
        new RespRequest(in.retainedSlice(start, position), count, offsets, lengths);
    in.readerIndex(start + position);
    count = -1;
    return request;
  }

  private RespRequest decodeInline(ByteBuf in, ByteBufAllocator alloc) {
    int start = in.readerIndex();
    int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (newline < 0) {
      if (in.readableBytes() > MAX_INLINE_BYTES) {
        throw new RespProtocolException("Protocol error: too big inline request");
      }
      return null;
    }
    int lineEnd = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
    List<byte[]> words = InlineSplitter.split(in, start, lineEnd);
    in.readerIndex(newline + 1);
    if (words.isEmpty()) {
      return SKIPPED;
    }
    return encode(words, alloc);
  }

  /** Builds a request from arguments, as if the client had sent them as RESP. */
  public static RespRequest encode(List<byte[]> args, ByteBufAllocator alloc) {
    int size = 16;
    for (byte[] arg : args) {
      size += arg.length + 16;
    }
    ByteBuf frame = alloc.buffer(size);
    int[] offsets = new int[args.size()];
    int[] lengths = new int[args.size()];
    RespWriter.arrayHeader(frame, args.size());
    for (int i = 0; i < args.size(); i++) {
      byte[] arg = args.get(i);
      frame.writeByte('$');
      RespWriter.decimal(frame, arg.length);
      frame.writeShort(RespWriter.CRLF);
      offsets[i] = frame.writerIndex();
      lengths[i] = arg.length;
      frame.writeBytes(arg);
      frame.writeShort(RespWriter.CRLF);
    }
    return new RespRequest(frame, args.size(), offsets, lengths);
  }

  /** Builds a request from text arguments. */
  public static RespRequest encode(ByteBufAllocator alloc, String... args) {
    List<byte[]> bytes = new ArrayList<>(args.length);
    for (String arg : args) {
      bytes.add(arg.getBytes(StandardCharsets.UTF_8));
    }
    return encode(bytes, alloc);
  }

  private RespProtocolException tooLarge() {
    return new RespProtocolException(
        "Protocol error: request exceeds limits.maxRequestBytes (" + maxRequestBytes + " bytes)");
  }

  private void checkHeaderLength(int pending) {
    if (pending > 64) {
      throw new RespProtocolException("Protocol error: length line too long");
    }
  }

  /** Index of the '\r' that ends the line starting at {@code from}, or -1 when not yet read. */
  private static int lineEnd(ByteBuf in, long address, int from, int end) {
    int cr = DirectReads.indexOf(in, address, from, end, (byte) '\r');
    if (cr < 0 || cr + 1 >= end) {
      return -1;
    }
    if (DirectReads.getByte(in, address, cr + 1) != '\n') {
      throw new RespProtocolException("Protocol error: expected CRLF");
    }
    return cr;
  }

  /**
   * A length as Redis reads one: no sign but '-', no leading zero, no "-0", at most 18 digits here
   * (longer is past any limit).
   */
  private static long parseNumber(ByteBuf in, long address, int from, int to, String error) {
    boolean negative = from < to && DirectReads.getByte(in, address, from) == '-';
    int digits = negative ? from + 1 : from;
    if (digits == to
        || to - from > 18
        || (DirectReads.getByte(in, address, digits) == '0' && (to - digits > 1 || negative))) {
      throw new RespProtocolException("Protocol error: " + error);
    }
    long value = 0;
    for (int i = digits; i < to; i++) {
      int digit = DirectReads.getByte(in, address, i) - '0';
      if (digit < 0 || digit > 9) {
        throw new RespProtocolException("Protocol error: " + error);
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private static String printable(byte b) {
    return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
  }
}
