package io.redisproxy.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.testkit.RedisErrorReply;
import io.redisproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients writing distinct keys through the proxy, each write either acknowledged or failed;
 * bounded in count and time.
 */
final class WriteLoad implements AutoCloseable {
  private static final int MAX_WRITES = 500_000;
  private static final Duration MAX_TIME = Duration.ofSeconds(180);

  final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  final AtomicLong failures = new AtomicLong();

  /** How many failed writes each kind of error answered, by its first words. */
  final Map<String, Integer> errors = new ConcurrentHashMap<>();

  /** When each failed write was answered. */
  private final List<Long> failed = Collections.synchronizedList(new ArrayList<>());

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  WriteLoad(int port, int clients) {
    long deadline = System.nanoTime() + MAX_TIME.toNanos();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread thread = new Thread(() -> write(port, client, deadline), "rollout-writer-" + client);
      thread.start();
      threads.add(thread);
    }
  }

  private void write(int port, int client, long deadline) {
    RespSocket socket = null;
    try {
      for (int i = 0; i < MAX_WRITES && running.get() && System.nanoTime() < deadline; i++) {
        String key = "c" + client + ":" + i;
        try {
          if (socket == null) {
            socket = RespSocket.connect("127.0.0.1", port);
          }
          socket.command("SET", key, "v" + i);
          acknowledged.put(key, "v" + i);
        } catch (RedisErrorReply | UncheckedIOException e) {
          failures.incrementAndGet();
          failed.add(System.nanoTime());
          String message = String.valueOf(e.getMessage());
          errors.merge(message.substring(0, Math.min(40, message.length())), 1, Integer::sum);
          if (e instanceof UncheckedIOException && socket != null) {
            socket.close();
            socket = null;
          }
          LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
      }
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  void awaitAcknowledged(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acknowledged.size() < count) {
      assertThat(System.nanoTime())
          .as("%d writes acknowledged in time", count)
          .isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /**
   * The longest stretch in which writes failed: failures less than a second apart belong to one
   * stretch. Writes to the other shards succeed meanwhile, so a run of failures in one client would
   * say less than a shard's outage.
   */
  long longestOutageMillis() {
    List<Long> times;
    synchronized (failed) {
      times = new ArrayList<>(failed);
    }
    Collections.sort(times);
    long longest = 0;
    int start = 0;
    for (int i = 1; i <= times.size(); i++) {
      if (i == times.size() || times.get(i) - times.get(i - 1) > 1_000_000_000L) {
        longest = Math.max(longest, (times.get(i - 1) - times.get(start)) / 1_000_000);
        start = i;
      }
    }
    return longest;
  }

  void stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
