package io.redisproxy.proxy.sentinel;

import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writers that each SET keys of their own, never twice, and remember every write the proxy
 * acknowledged and when: afterwards each acknowledged key must hold its value. A writer whose
 * connection breaks opens another. Bounded by a count of writes per writer and a time limit.
 */
final class AcknowledgedWrites implements AutoCloseable {
  private static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

  /** One write: its key, when it was answered, and the error, or null when acknowledged. */
  record Write(String key, long answeredNanos, String error) {}

  private final int port;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;

  private AcknowledgedWrites(int port) {
    this.port = port;
  }

  static AcknowledgedWrites start(int port, int writers, int writesEach, Duration limit) {
    AcknowledgedWrites load = new AcknowledgedWrites(port);
    long deadline = System.nanoTime() + limit.toNanos();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread thread = new Thread(() -> load.run(writer, writesEach, deadline), "writer-" + w);
      thread.setDaemon(true);
      load.threads.add(thread);
    }
    load.threads.forEach(Thread::start);
    return load;
  }

  private void run(int writer, int writesEach, long deadline) {
    int n = 0;
    while (!stopped && n < writesEach && System.nanoTime() - deadline < 0) {
      try (RespSocket socket = RespSocket.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
        for (; !stopped && n < writesEach && System.nanoTime() - deadline < 0; n++) {
          String key = "ha:" + writer + ":" + n;
          String value = "v" + n;
          String error = null;
          try {
            socket.command("SET", key, value);
            acknowledged.put(key, value);
          } catch (RedisErrorReply e) {
            error = e.getMessage();
          }
          writes.add(new Write(key, System.nanoTime(), error));
          LockSupport.parkNanos(PACE_NANOS);
        }
      } catch (UncheckedIOException e) {
        writes.add(new Write("ha:" + writer + ":" + n++, System.nanoTime(), e.getMessage()));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
  }

  /** Every key the proxy acknowledged, with the value written. */
  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  List<Write> writes() {
    return List.copyOf(writes);
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not stop within 15 s");
      }
    }
  }
}
