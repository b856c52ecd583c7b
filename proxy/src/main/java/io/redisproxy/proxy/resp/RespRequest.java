package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.Arguments;
import java.nio.charset.StandardCharsets;

/**
 * One client request: the raw RESP frame, kept as a retained slice of what the client sent, and
 * where each argument lies inside it. Forwarding writes {@link #frame()} as it is; nothing is
 * re-encoded. Whoever ends up holding the request releases it.
 */
public final class RespRequest implements Arguments {
  private final ByteBuf frame;
  private final int count;
  private final int[] offsets;
  private final int[] lengths;

  RespRequest(ByteBuf frame, int count, int[] offsets, int[] lengths) {
    this.frame = frame;
    this.count = count;
    this.offsets = offsets;
    this.lengths = lengths;
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
    return new RespRequest(frame, count - from, shiftedOffsets, shiftedLengths);
  }

  public void release() {
    frame.release();
  }
}
