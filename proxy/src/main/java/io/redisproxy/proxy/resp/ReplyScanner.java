package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.net.DirectReads;
import java.util.Arrays;

/**
 * Finds where one RESP2 or RESP3 reply ends, so replies can be forwarded as raw slices. Remembers
 * its progress inside a reply that is still arriving (a large array, a large bulk), so each byte is
 * scanned once. Nesting costs one counter per open array, never a call frame, so a reply of any
 * depth is found (a Lua script may return thousands of nested tables).
 */
public final class ReplyScanner {
  private boolean inReply;
  private int position;
  private int depth;
  private long[] remaining = new long[8];
  // Element offsets of a top-level array of the expected length, when a merge asked for them.
  private int elements = -1;
  private int[] starts;

  /**
   * The length of the complete reply that starts at {@code in.readerIndex()}, or -1 when more bytes
   * are needed. Does not move the reader index.
   */
  public int scan(ByteBuf in) {
    return scan(in, -1);
  }

  /**
   * As {@link #scan(ByteBuf)}; when the reply turns out to be an array of {@code expected}
   * elements, also records where each starts, for {@link #elementBounds()}. Pass the same value
   * while a reply is still arriving.
   */
  public int scan(ByteBuf in, int expected) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    // Every read below stays inside [start, end): a direct buffer is read by address.
    long address = DirectReads.address(in, start, end - start);
    if (!inReply) {
      inReply = true;
      position = 0;
      depth = 0;
      elements = -1;
    }
    while (true) {
      int at = start + position;
      if (at >= end) {
        return -1;
      }
      if (depth == 1 && elements >= 0) {
        // Idempotent when a read ends inside this element and the scan resumes here.
        starts[elements - (int) remaining[0]] = position;
      }
      byte type = DirectReads.getByte(in, address, at);
      int cr = DirectReads.indexOf(in, address, at + 1, end, (byte) '\r');
      if (cr < 0 || cr + 1 >= end) {
        return -1;
      }
      int next = cr + 2;
      switch (type) {
        case '+', '-', ':', '_', '#', ',', '(' -> position = next - start;
        case '$', '!', '=' -> {
          long length = number(in, address, at + 1, cr);
          if (length >= 0) {
            long after = next + length + 2;
            if (after > end) {
              return -1;
            }
            next = (int) after;
          }
          position = next - start;
        }
        case '*', '~', '>', '%', '|' -> {
          long count = elementCount(type, number(in, address, at + 1, cr));
          position = next - start;
          if (depth == 0 && type == '*' && expected >= 0 && count == expected) {
            record(count);
          }
          if (count > 0) {
            push(count);
            continue;
          }
        }
        default ->
            throw new RespProtocolException(
                "unexpected reply type byte 0x" + Integer.toHexString(type & 0xff));
      }
      if (elementDone()) {
        inReply = false;
        if (elements >= 0) {
          starts[elements] = position;
        }
        return position;
      }
    }
  }

  /**
   * Where each element of the reply just found starts, relative to its first byte, followed by
   * where it ends; null unless it was an array of the expected length.
   */
  public int[] elementBounds() {
    return elements < 0 ? null : starts;
  }

  /** A new array each time: the merge keeps it, and the connection keeps nothing of its size. */
  private void record(long count) {
    elements = (int) count;
    starts = new int[elements + 1];
    starts[0] = position;
  }

  /**
   * How many elements follow an aggregate's header: a map's keys and values; an attribute's too,
   * and the reply it annotates, so the attribute and its reply are scanned as one.
   */
  private static long elementCount(byte type, long count) {
    return switch (type) {
      case '%' -> 2 * count;
      case '|' -> 2 * count + 1;
      default -> count;
    };
  }

  /** Counts one finished element against the open arrays; true when the whole reply is done. */
  private boolean elementDone() {
    while (depth > 0) {
      if (--remaining[depth - 1] > 0) {
        return false;
      }
      depth--;
    }
    return true;
  }

  private void push(long count) {
    if (depth == remaining.length) {
      remaining = Arrays.copyOf(remaining, depth * 2);
    }
    remaining[depth++] = count;
  }

  private static long number(ByteBuf in, long address, int from, int to) {
    boolean negative = from < to && DirectReads.getByte(in, address, from) == '-';
    long value = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      int digit = DirectReads.getByte(in, address, i) - '0';
      if (digit < 0 || digit > 9) {
        throw new RespProtocolException("malformed length in reply");
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
}
