package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.net.ByteCopy;
import java.nio.charset.StandardCharsets;

/**
 * The RESP version a client chose with HELLO, and how the replies the proxy makes itself are
 * written in it. RESP3 gives maps, sets, pushes and one null their own types; RESP2 writes them as
 * arrays and nil bulk strings, as Redis does for a RESP2 client.
 */
public enum RespProtocol {
  RESP2(2, "$-1\r\n", "*-1\r\n"),
  RESP3(3, "_\r\n", "_\r\n");

  private final int version;
  private final ByteBuf nil;
  private final ByteBuf nilArray;

  RespProtocol(int version, String nil, String nilArray) {
    this.version = version;
    this.nil = RespWriter.constant(nil);
    this.nilArray = RespWriter.constant(nilArray);
  }

  /** The version named by HELLO, or null for one the proxy does not speak. */
  public static RespProtocol of(long version) {
    return version == 2 ? RESP2 : version == 3 ? RESP3 : null;
  }

  public int version() {
    return version;
  }

  /** A missing value: a nil bulk string in RESP2. */
  public ByteBuf nil() {
    return nil.duplicate();
  }

  /** A missing list (COMMAND INFO of an unknown command): a nil array in RESP2. */
  public ByteBuf nilArray() {
    return nilArray.duplicate();
  }

  public void nil(ByteBuf buf) {
    ByteCopy.append(buf, nil);
  }

  /** A map of {@code pairs} keys and values follows; RESP2 flattens it into an array. */
  public void mapHeader(ByteBuf buf, int pairs) {
    header(buf, this == RESP3 ? '%' : '*', this == RESP3 ? pairs : 2L * pairs);
  }

  public void setHeader(ByteBuf buf, int count) {
    header(buf, this == RESP3 ? '~' : '*', count);
  }

  /** An out-of-band message (pub/sub, invalidation): an array in RESP2. */
  public void pushHeader(ByteBuf buf, int count) {
    header(buf, this == RESP3 ? '>' : '*', count);
  }

  /** Text meant for people (INFO, CLIENT LIST): a verbatim string in RESP3, as Redis sends it. */
  public ByteBuf verbatim(ByteBufAllocator alloc, String text) {
    if (this == RESP2) {
      return RespWriter.bulk(alloc, text);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf buf = alloc.buffer(bytes.length + 20);
    buf.writeByte('=');
    RespWriter.decimal(buf, bytes.length + 4L);
    buf.writeShort(RespWriter.CRLF);
    buf.writeBytes(TXT);
    buf.writeBytes(bytes);
    buf.writeShort(RespWriter.CRLF);
    return buf;
  }

  private static final byte[] TXT = "txt:".getBytes(StandardCharsets.US_ASCII);

  private static void header(ByteBuf buf, char type, long count) {
    buf.writeByte(type);
    RespWriter.decimal(buf, count);
    buf.writeShort(RespWriter.CRLF);
  }
}
