package io.redisproxy.proxy.upstream;

/** Requests sent on one connection and not yet answered, oldest first, with their send times. */
final class InflightQueue {
  private ReplyCallback[] callbacks = new ReplyCallback[64];
  private long[] sentAt = new long[64];
  private int head;
  private int size;

  void add(ReplyCallback callback, long nanos) {
    if (size == callbacks.length) {
      grow();
    }
    int tail = (head + size) & (callbacks.length - 1);
    callbacks[tail] = callback;
    sentAt[tail] = nanos;
    size++;
  }

  ReplyCallback poll() {
    if (size == 0) {
      return null;
    }
    ReplyCallback callback = callbacks[head];
    callbacks[head] = null;
    head = (head + 1) & (callbacks.length - 1);
    size--;
    return callback;
  }

  /** The oldest request's callback, left in the queue; null when none is owed. */
  ReplyCallback peek() {
    return size == 0 ? null : callbacks[head];
  }

  /** When the oldest request was sent; only meaningful when not empty. */
  long oldestSentAt() {
    return sentAt[head];
  }

  int size() {
    return size;
  }

  private void grow() {
    ReplyCallback[] moreCallbacks = new ReplyCallback[callbacks.length * 2];
    long[] moreSentAt = new long[callbacks.length * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (callbacks.length - 1);
      moreCallbacks[i] = callbacks[from];
      moreSentAt[i] = sentAt[from];
    }
    callbacks = moreCallbacks;
    sentAt = moreSentAt;
    head = 0;
  }
}
