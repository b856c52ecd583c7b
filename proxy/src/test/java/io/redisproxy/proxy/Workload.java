package io.redisproxy.proxy;

import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A bounded background load through the proxy: a few clients, each on one connection for its whole
 * life, writing and reading back keys of its own. Every request's key, timing and outcome is kept,
 * so a test can tell what users of each shard saw. Each client stops after a fixed number of
 * requests, a time limit, or {@link #close()}, whichever comes first.
 */
public final class Workload implements AutoCloseable {
  private static final long MAX_ROUNDS = 200_000;
  private static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> dropped = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;

  /**
   * What one request got. {@code error} is the error reply, or null; {@code expected} is whether
   * the reply was the one a single Redis would have given.
   */
  public record Outcome(
      int client,
      String key,
      String command,
      long startNanos,
      long endNanos,
      String error,
      boolean expected) {
    public boolean failed() {
      return error != null;
    }

    public long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }
  }

  private Workload() {}

  /**
   * Starts {@code clients} clients against the proxy at {@code port}, each over {@code keys} keys.
   */
  public static Workload start(int port, int clients, int keys, Duration limit) {
    Workload workload = new Workload();
    long deadline = System.nanoTime() + limit.toNanos();
    for (int client = 0; client < clients; client++) {
      int id = client;
      Thread thread = new Thread(() -> workload.run(port, id, keys, deadline), "workload-" + id);
      thread.setDaemon(true);
      workload.threads.add(thread);
    }
    workload.threads.forEach(Thread::start);
    return workload;
  }

  private static String key(int client, long round, int keys) {
    return "load:" + client + ":" + (round % keys);
  }

  private void run(int port, int client, int keys, long deadline) {
    try (RespSocket socket = RespSocket.connect("127.0.0.1", port)) {
      for (long round = 0;
          !stopped && round < MAX_ROUNDS && System.nanoTime() - deadline < 0;
          round++) {
        String key = key(client, round, keys);
        String value = "value-" + round;
        request(socket, client, key, "OK", "SET", key, value);
        request(socket, client, key, value, "GET", key);
        // Paced, so that on a small machine the proxy and the servers keep the CPU they need.
        LockSupport.parkNanos(PACE_NANOS);
      }
    } catch (UncheckedIOException e) {
      dropped.add("client " + client + ": " + e.getMessage());
    }
  }

  private void request(
      RespSocket socket, int client, String key, String expectedReply, String... command) {
    long start = System.nanoTime();
    String error = null;
    Object reply = null;
    try {
      reply = socket.command(command);
    } catch (RedisErrorReply e) {
      error = e.getMessage();
    }
    outcomes.add(
        new Outcome(
            client,
            key,
            command[0],
            start,
            System.nanoTime(),
            error,
            error == null && expectedReply.equals(reply)));
  }

  /** Every request answered so far. */
  public List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Requests answered so far whose key passes {@code keys} and that got no error. */
  public long succeeded(Predicate<String> keys) {
    return outcomes.stream().filter(o -> !o.failed() && keys.test(o.key())).count();
  }

  /** Requests answered so far whose key passes {@code keys} and that got an error. */
  public long failed(Predicate<String> keys) {
    return outcomes.stream().filter(o -> o.failed() && keys.test(o.key())).count();
  }

  /** Clients whose connection broke (closed, reset, or no reply in time), with the reason. */
  public List<String> dropped() {
    return List.copyOf(dropped);
  }

  /** Stops every client and waits until they have finished their last request. */
  @Override
  public void close() {
    stopped = true;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
      }
    }
  }
}
