package io.redisproxy.proxy.upstream;

/**
 * The time for an event loop's replies: while an upstream read is being handled, the clock read
 * when it began, so the replies it carries (a pipelined batch holds hundreds) cost one clock read,
 * not one each; otherwise the clock itself. Used on its loop only.
 */
public final class ReadClock {
  private boolean reading;
  private long readAt;

  /** Now, as far as a reply being handled can tell. */
  public long now() {
    return reading ? readAt : System.nanoTime();
  }

  /** Starts a read; returns whether one was in progress, for {@link #endRead}. */
  boolean startRead() {
    boolean outer = reading;
    if (!outer) {
      reading = true;
      readAt = System.nanoTime();
    }
    return outer;
  }

  /** Ends the read {@link #startRead} started, unless it was nested in another. */
  void endRead(boolean outer) {
    if (!outer) {
      reading = false;
    }
  }
}
