package io.redisproxy.proxy.mirror;

import io.netty.buffer.ByteBuf;

/**
 * What one mirrored command (or one mirrored MULTI ... EXEC) sends to the target: its RESP frames,
 * how many replies they get, and when the primary acknowledged it.
 */
public final class MirrorEntry {
  private final ByteBuf frames;
  private final int replies;
  private final long acknowledgedAt;
  private int repliesLeft;

  /** Takes ownership of {@code frames}: {@code replies} commands, back to back. */
  public MirrorEntry(ByteBuf frames, int replies, long acknowledgedAt) {
    this.frames = frames;
    this.replies = replies;
    this.acknowledgedAt = acknowledgedAt;
    this.repliesLeft = replies;
  }

  int size() {
    return frames.readableBytes();
  }

  long acknowledgedAt() {
    return acknowledgedAt;
  }

  /** The frames, still owned by the entry: it keeps them until the target acknowledged them. */
  ByteBuf frames() {
    return frames;
  }

  /** Counts one reply; true when it was the last this entry waited for. */
  boolean replied() {
    return --repliesLeft == 0;
  }

  /** Sent again after a lost connection: every reply is owed once more. */
  void resend() {
    repliesLeft = replies;
  }

  void release() {
    frames.release();
  }
}
