package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.net.ByteCopy;
import java.nio.charset.StandardCharsets;

/** Writes the RESP2 replies the proxy makes itself. Forwarded replies never pass through here. */
public final class RespWriter {
  static final short CRLF = ('\r' << 8) | '\n';

  private static final ByteBuf OK = constant("+OK\r\n");
  private static final ByteBuf PONG = constant("+PONG\r\n");
  private static final ByteBuf NIL = constant("$-1\r\n");
  private static final ByteBuf EMPTY_ARRAY = constant("*0\r\n");

  private RespWriter() {}

  public static ByteBuf ok() {
    return OK.duplicate();
  }

  public static ByteBuf pong() {
    return PONG.duplicate();
  }

  public static ByteBuf nil() {
    return NIL.duplicate();
  }

  public static ByteBuf emptyArray() {
    return EMPTY_ARRAY.duplicate();
  }

  public static ByteBuf simple(ByteBufAllocator alloc, String text) {
    ByteBuf buf = alloc.buffer(text.length() + 3);
    buf.writeByte('+');
    buf.writeCharSequence(text, StandardCharsets.UTF_8);
    buf.writeShort(CRLF);
    return buf;
  }

  /** An error reply; {@code message} starts with its code, as in {@code ERR unknown command}. */
  public static ByteBuf error(ByteBufAllocator alloc, String message) {
    ByteBuf buf = alloc.buffer(message.length() + 3);
    buf.writeByte('-');
    // Newlines would end the error early and desynchronise the client.
    buf.writeCharSequence(message.replace('\r', ' ').replace('\n', ' '), StandardCharsets.UTF_8);
    buf.writeShort(CRLF);
    return buf;
  }

  /** An error reply of {@code message}'s bytes, which hold no newline. */
  public static ByteBuf error(ByteBufAllocator alloc, byte[] message) {
    ByteBuf buf = alloc.buffer(message.length + 3);
    buf.writeByte('-');
    buf.writeBytes(message);
    buf.writeShort(CRLF);
    return buf;
  }

  public static ByteBuf integer(ByteBufAllocator alloc, long value) {
    ByteBuf buf = alloc.buffer(24);
    buf.writeByte(':');
    decimal(buf, value);
    buf.writeShort(CRLF);
    return buf;
  }

  public static ByteBuf bulk(ByteBufAllocator alloc, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf buf = alloc.buffer(bytes.length + 16);
    bulk(buf, bytes);
    return buf;
  }

  public static void bulk(ByteBuf buf, byte[] bytes) {
    buf.writeByte('$');
    decimal(buf, bytes.length);
    buf.writeShort(CRLF);
    buf.writeBytes(bytes);
    buf.writeShort(CRLF);
  }

  /** A bulk string whose content is {@code length} bytes of {@code source} from {@code index}. */
  public static void bulk(ByteBuf buf, ByteBuf source, int index, int length) {
    buf.writeByte('$');
    decimal(buf, length);
    buf.writeShort(CRLF);
    ByteCopy.append(buf, source, index, length);
    buf.writeShort(CRLF);
  }

  public static void bulk(ByteBuf buf, String text) {
    bulk(buf, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void integer(ByteBuf buf, long value) {
    buf.writeByte(':');
    decimal(buf, value);
    buf.writeShort(CRLF);
  }

  public static void simple(ByteBuf buf, String text) {
    buf.writeByte('+');
    buf.writeCharSequence(text, StandardCharsets.UTF_8);
    buf.writeShort(CRLF);
  }

  public static void arrayHeader(ByteBuf buf, int count) {
    buf.writeByte('*');
    decimal(buf, count);
    buf.writeShort(CRLF);
  }

  /** Writes {@code value} in decimal; lengths and counts, the common case, allocate nothing. */
  public static void decimal(ByteBuf buf, long value) {
    if (value >= 0 && value < 10) {
      buf.writeByte('0' + (int) value);
    } else if (value < 0 || value >= 1_000_000_000L) {
      buf.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    } else {
      int digits = 2;
      for (long bound = 100; value >= bound; bound *= 10) {
        digits++;
      }
      buf.ensureWritable(digits);
      int end = buf.writerIndex() + digits;
      long rest = value;
      for (int at = end - 1; at >= end - digits; at--) {
        buf.setByte(at, '0' + (int) (rest % 10));
        rest /= 10;
      }
      buf.writerIndex(end);
    }
  }

  /** A shared, read-only reply that callers take as {@code duplicate()}s. */
  public static ByteBuf constant(String text) {
    return Unpooled.unreleasableBuffer(
        Unpooled.directBuffer(text.length())
            .writeBytes(text.getBytes(StandardCharsets.US_ASCII))
            .asReadOnly());
  }
}
