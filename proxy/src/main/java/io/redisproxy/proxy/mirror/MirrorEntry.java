package io.redisproxy.proxy.mirror;

import io.netty.buffer.ByteBuf;

/**
 * Commands for one mirror target, back to back in one buffer: what one event loop offered it in one
 * turn. Each unit is one mirrored command or one mirrored MULTI ... EXEC, with the number of
 * replies it gets. Units are acknowledged in order; after a lost connection only the units not yet
 * acknowledged are sent again, so a command the target applied is never applied twice.
 */
public final class MirrorEntry {
  private final ByteBuf frames;
  private final int start;
  private final int[] ends;
  private final int[] replies;
  private final long acknowledgedAt;
  private int units;
  private int acknowledged;
  private int repliesLeft;

  /**
   * Takes ownership of {@code frames}: {@code units} units, unit {@code i} ending at {@code
   * ends[i]} and owed {@code replies[i]} replies; the first was acknowledged by its primary at
   * {@code acknowledgedAt} (nanoTime).
   */
  MirrorEntry(ByteBuf frames, int[] ends, int[] replies, int units, long acknowledgedAt) {
    this.frames = frames;
    this.start = frames.readerIndex();
    this.ends = ends;
    this.replies = replies;
    this.units = units;
    this.acknowledgedAt = acknowledgedAt;
    this.repliesLeft = replies[0];
  }

  long acknowledgedAt() {
    return acknowledgedAt;
  }

  /** Units not yet acknowledged. */
  int unitsLeft() {
    return units - acknowledged;
  }

  /** Bytes of the units not yet acknowledged. */
  int bytesLeft() {
    return ends[units - 1] - unitStart(acknowledged);
  }

  int unitBytes(int unit) {
    return ends[unit] - unitStart(unit);
  }

  private int unitStart(int unit) {
    return unit == 0 ? start : ends[unit - 1];
  }

  /** Keeps only the first {@code kept} units (at least one), when the rest did not fit. */
  void truncate(int kept) {
    units = kept;
    frames.writerIndex(ends[kept - 1]);
  }

  /** The frames of the units not yet acknowledged, still owned by the entry. */
  ByteBuf unsent() {
    int from = unitStart(acknowledged);
    return frames.slice(from, ends[units - 1] - from);
  }

  /** Counts one reply; true when it completed a unit, which is then acknowledged. */
  boolean replied() {
    if (--repliesLeft > 0) {
      return false;
    }
    acknowledged++;
    if (acknowledged < units) {
      repliesLeft = replies[acknowledged];
    }
    return true;
  }

  /** The unit {@link #replied()} acknowledged last. */
  int lastAcknowledged() {
    return acknowledged - 1;
  }

  boolean finished() {
    return acknowledged == units;
  }

  /** Sent again after a lost connection: the first unit not acknowledged is owed every reply. */
  void resend() {
    repliesLeft = replies[acknowledged];
  }

  void release() {
    frames.release();
  }
}
