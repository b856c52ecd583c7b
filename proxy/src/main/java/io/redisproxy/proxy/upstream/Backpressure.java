package io.redisproxy.proxy.upstream;

/** An upstream socket that may be full: a client stops reading until it can take more. */
public interface Backpressure {
  boolean isWritable();

  /** Runs {@code waiter} once, on the event loop, when the socket drains or closes. */
  void whenWritable(Runnable waiter);
}
