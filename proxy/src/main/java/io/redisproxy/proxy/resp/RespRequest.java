package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.command.Arguments;
import io.redisproxy.proxy.net.ByteCopy;
import java.nio.charset.StandardCharsets;

/**
 * One client request: the raw RESP frame, kept as a retained slice of what the client sent, and
 * where each argument lies inside it. Forwarding writes {@link #frame()} as it is; nothing is
 * re-encoded, unless a route removes key prefixes: then the request holds the rewritten frame and a
 * copy of the one the client sent, whose keys still choose the routes. Whoever ends up holding the
 * request releases it.
 */
public final class RespRequest implements Arguments {
  private final ByteBuf frame;
  private final int count;
  private final int[] offsets;
  private final int[] lengths;
  private final RespRequest original;

  RespRequest(ByteBuf frame, int count, int[] offsets, int[] lengths) {
    this(frame, count, offsets, lengths, null);
  }

  private RespRequest(
      ByteBuf frame, int count, int[] offsets, int[] lengths, RespRequest original) {
    this.frame = frame;
    this.count = count;
    this.offsets = offsets;
    this.lengths = lengths;
    this.original = original;
  }

  /**
   * A request whose argument {@code i} is {@code source}'s without its first {@code removed[i]}
   * bytes; it releases {@code source} and keeps a heap copy of it as its {@link #original()}, so
   * whoever hands the new frame on owes nothing for the original.
   */
  public static RespRequest withPrefixesRemoved(
      ByteBufAllocator alloc, RespRequest source, int[] removed) {
    ByteBuf frame = alloc.buffer(source.frame.readableBytes());
    int[] offsets = new int[source.count];
    int[] lengths = new int[source.count];
    RespWriter.arrayHeader(frame, source.count);
    for (int arg = 0; arg < source.count; arg++) {
      lengths[arg] = source.lengths[arg] - removed[arg];
      frame.writeByte('$');
      RespWriter.decimal(frame, lengths[arg]);
      frame.writeShort(RespWriter.CRLF);
      offsets[arg] = frame.writerIndex();
      ByteCopy.append(frame, source.frame, source.offsets[arg] + removed[arg], lengths[arg]);
      frame.writeShort(RespWriter.CRLF);
    }
    ByteBuf copy =
        Unpooled.wrappedBuffer(ByteBufUtil.getBytes(source.frame, 0, source.frame.writerIndex()));
    RespRequest original = new RespRequest(copy, source.count, source.offsets, source.lengths);
    source.release();
    return new RespRequest(frame, source.count, offsets, lengths, original);
  }

  /** The request as the client sent it: its keys are what routes match. Often this one. */
  public RespRequest original() {
    return original != null ? original : this;
  }

  /** The whole request as RESP, ready to be written upstream. */
  public ByteBuf frame() {
    return frame;
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int length(int arg) {
    return lengths[arg];
  }

  @Override
  public byte byteAt(int arg, int position) {
    return frame.getByte(offsets[arg] + position);
  }

  /** Where argument {@code arg} starts within {@link #frame()}. */
  public int offset(int arg) {
    return offsets[arg];
  }

  /**
   * Where the RESP encoding of argument {@code arg} (1 or later) starts within {@link #frame()}:
   * right after the previous argument, whatever digits the client wrote its length with.
   */
  public int encodingStart(int arg) {
    return encodingEnd(arg - 1);
  }

  /**
   * Where the RESP encoding of argument {@code arg} ends within {@link #frame()}, its CRLF
   * included.
   */
  public int encodingEnd(int arg) {
    return offsets[arg] + lengths[arg] + 2;
  }

  /** Argument {@code arg} as a slice of the frame, not retained. */
  public ByteBuf slice(int arg) {
    return frame.slice(offsets[arg], lengths[arg]);
  }

  /** Argument {@code arg} as text, for the rare paths that need one (local commands, errors). */
  public String text(int arg) {
    return frame.toString(offsets[arg], lengths[arg], StandardCharsets.UTF_8);
  }

  /**
   * The arguments from {@code from} on, as a request of their own (COMMAND GETKEYS looks at the
   * command it was given). Shares this request's frame: release only this request.
   */
  public RespRequest shifted(int from) {
    int[] shiftedOffsets = new int[count - from];
    int[] shiftedLengths = new int[count - from];
    System.arraycopy(offsets, from, shiftedOffsets, 0, count - from);
    System.arraycopy(lengths, from, shiftedLengths, 0, count - from);
    return new RespRequest(
        frame,
        count - from,
        shiftedOffsets,
        shiftedLengths,
        original != null ? original.shifted(from) : null);
  }

  public void release() {
    frame.release();
  }
}
