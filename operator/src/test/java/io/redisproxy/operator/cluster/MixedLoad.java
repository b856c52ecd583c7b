package io.redisproxy.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Clients reading and writing through the proxy: strings with a TTL, hashes, lists, sorted sets,
 * pairs written and read together (MSET, MGET of one hash tag) and larger values. Each client owns
 * its keys, so what each key must hold follows from its acknowledged writes; each write is read
 * back at once. Bounded in count and time.
 */
public final class MixedLoad implements AutoCloseable {
  public static final int TTL_SECONDS = 3600;
  private static final int MAX_OPS = 5_000_000;
  private static final Duration MAX_TIME = Duration.ofMinutes(15);
  private static final int LARGE = 16 * 1024;
  private static final int GROUPS = 40;

  /** How many keys of each kind a client cycles through, so the data stays bounded. */
  private static final int STRINGS = 20_000;

  private static final int LARGE_KEYS = 300;

  /** Acknowledged string values, the pairs' included. */
  public final Map<String, String> strings = new ConcurrentHashMap<>();

  /** Acknowledged hash fields (each field's value is its name reversed). */
  public final Map<String, Set<String>> hashes = new ConcurrentHashMap<>();

  /** Acknowledged list elements, in order. */
  public final Map<String, List<String>> lists = new ConcurrentHashMap<>();

  /** Acknowledged sorted set members (each member's score is its number). */
  public final Map<String, Set<String>> sortedSets = new ConcurrentHashMap<>();

  /** Keys whose write failed, so what they hold is not known. */
  public final Set<String> uncertain = ConcurrentHashMap.newKeySet();

  /** Reads that found a key missing or short of an acknowledged write. */
  public final List<String> lost = Collections.synchronizedList(new ArrayList<>());

  /** Errors the clients saw, by their first words. */
  public final Map<String, Integer> errors = new ConcurrentHashMap<>();

  public final AtomicLong operations = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final Latencies latencies = new Latencies();
  private final AtomicInteger failures = new AtomicInteger();

  public MixedLoad(int port, int clients) {
    this(List.of(port), clients);
  }

  /** {@code clients} clients, spread over the proxies listening on {@code ports}. */
  public MixedLoad(List<Integer> ports, int clients) {
    long deadline = System.nanoTime() + MAX_TIME.toNanos();
    for (int c = 0; c < clients; c++) {
      int client = c;
      int port = ports.get(c % ports.size());
      Thread thread = new Thread(() -> run(port, client, deadline), "mixed-load-" + client);
      thread.start();
      threads.add(thread);
    }
  }

  public int failures() {
    return failures.get();
  }

  public Latencies latencies() {
    return latencies;
  }

  private void run(int port, int client, long deadline) {
    Jedis jedis = null;
    try {
      for (int i = 0; i < MAX_OPS && running.get() && System.nanoTime() < deadline; i++) {
        if (jedis == null) {
          jedis = new Jedis("127.0.0.1", port, 5_000);
        }
        long start = System.nanoTime();
        try {
          operate(jedis, client, i);
          latencies.record(start, System.nanoTime());
          operations.incrementAndGet();
        } catch (JedisException e) {
          failures.incrementAndGet();
          String message = String.valueOf(e.getMessage());
          errors.merge(message.substring(0, Math.min(40, message.length())), 1, Integer::sum);
          jedis.close();
          jedis = null;
          LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
      }
    } finally {
      if (jedis != null) {
        jedis.close();
      }
    }
  }

  /** One write and the read that checks it. */
  private void operate(Jedis jedis, int client, int i) {
    String group = client + ":" + (i % GROUPS);
    switch (i % 6) {
      case 0 -> {
        String key = "s:" + client + ":" + (i % STRINGS);
        guard(key, () -> jedis.setex(key, TTL_SECONDS, "v" + i));
        strings.put(key, "v" + i);
        check(key, "v" + i, jedis.get(key));
      }
      case 1 -> {
        String key = "h:" + group;
        String field = "f" + i;
        guard(key, () -> jedis.hset(key, field, new StringBuilder(field).reverse().toString()));
        hashes.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(field);
        check(key, "present", jedis.hexists(key, field) ? "present" : null);
      }
      case 2 -> {
        String key = "l:" + group;
        guard(key, () -> jedis.rpush(key, "e" + i));
        List<String> list =
            lists.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()));
        list.add("e" + i);
        check(key, String.valueOf(list.size()), String.valueOf(jedis.llen(key)));
      }
      case 3 -> {
        String key = "z:" + group;
        guard(key, () -> jedis.zadd(key, i, "m" + i));
        sortedSets.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add("m" + i);
        Double score = jedis.zscore(key, "m" + i);
        check(key, String.valueOf((double) i), score == null ? null : String.valueOf(score));
      }
      case 4 -> {
        String tag = "{p:" + client + ":" + (i % STRINGS) + "}";
        guard(tag + "a", () -> jedis.mset(tag + "a", "a" + i, tag + "b", "b" + i));
        strings.put(tag + "a", "a" + i);
        strings.put(tag + "b", "b" + i);
        check(tag, "a" + i + ",b" + i, String.join(",", jedis.mget(tag + "a", tag + "b")));
      }
      default -> {
        String key = "big:" + client + ":" + (i % LARGE_KEYS);
        String value = large(key);
        guard(key, () -> jedis.set(key, value));
        strings.put(key, value);
        check(key, String.valueOf(LARGE), String.valueOf(jedis.strlen(key)));
      }
    }
  }

  /** A deterministic value of {@code LARGE} characters for {@code key}. */
  public static String large(String key) {
    char[] value = new char[LARGE];
    Arrays.fill(value, (char) ('a' + Math.floorMod(key.hashCode(), 26)));
    return new String(value);
  }

  /** Runs a write; a failure marks its key (its pair's other key too) uncertain. */
  private void guard(String key, Runnable write) {
    try {
      write.run();
    } catch (JedisException e) {
      uncertain.add(key);
      if (key.endsWith("}a")) {
        uncertain.add(key.substring(0, key.length() - 1) + "b");
      }
      throw e;
    }
  }

  private void check(String key, String expected, String actual) {
    if (!expected.equals(actual)) {
      lost.add(key + ": expected " + expected + ", read " + actual);
    }
  }

  /**
   * Reads each acknowledged write on the server {@code on} names for its key, as it must be: the
   * strings (those set with a TTL still within what passed since {@code writtenFrom}, the others
   * without one), the hash fields, the lists and the sorted sets. Returns how many keys the load
   * wrote.
   */
  public long assertAcknowledgedWritesOn(Function<String, Jedis> on, long writtenFrom) {
    assertThat(uncertain).as("keys whose write failed").isEmpty();
    for (Map.Entry<String, String> string : strings.entrySet()) {
      Jedis jedis = on.apply(string.getKey());
      assertThat(jedis.get(string.getKey())).as(string.getKey()).isEqualTo(string.getValue());
      if (string.getKey().startsWith("s:")) {
        long elapsedSeconds = (System.nanoTime() - writtenFrom) / 1_000_000_000L;
        assertThat(jedis.ttl(string.getKey()))
            .as("TTL of " + string.getKey())
            .isBetween(TTL_SECONDS - elapsedSeconds - 5, (long) TTL_SECONDS);
      } else {
        assertThat(jedis.ttl(string.getKey())).as("TTL of " + string.getKey()).isEqualTo(-1L);
      }
    }
    for (Map.Entry<String, Set<String>> hash : hashes.entrySet()) {
      Map<String, String> fields = on.apply(hash.getKey()).hgetAll(hash.getKey());
      assertThat(fields.keySet()).as(hash.getKey()).isEqualTo(hash.getValue());
      fields.forEach(
          (field, value) ->
              assertThat(value).isEqualTo(new StringBuilder(field).reverse().toString()));
    }
    for (Map.Entry<String, List<String>> list : lists.entrySet()) {
      assertThat(on.apply(list.getKey()).lrange(list.getKey(), 0, -1))
          .as(list.getKey())
          .isEqualTo(list.getValue());
    }
    for (Map.Entry<String, Set<String>> sorted : sortedSets.entrySet()) {
      assertThat(on.apply(sorted.getKey()).zrange(sorted.getKey(), 0, -1))
          .as(sorted.getKey())
          .containsExactlyInAnyOrderElementsOf(sorted.getValue());
    }
    return strings.size() + hashes.size() + lists.size() + sortedSets.size();
  }

  /**
   * The figures of a run that grew and then shrank the shards, over the operations started in each
   * phase: before (from {@code steady}), growing, shrinking and after (until {@code end}).
   */
  public String scalingFigures(
      long steady, long growStart, long growEnd, long shrinkEnd, long end) {
    return String.format(
        "  grow: %.1f s; shrink: %.1f s%n  before: %s%n  growing: %s%n  shrinking: %s%n"
            + "  after: %s%n  %d operations, %d failed %s",
        (growEnd - growStart) / 1e9,
        (shrinkEnd - growEnd) / 1e9,
        latencies.summary(steady, growStart),
        latencies.summary(growStart, growEnd),
        latencies.summary(growEnd, shrinkEnd),
        latencies.summary(shrinkEnd, end),
        operations.get(),
        failures.get(),
        errors);
  }

  public void awaitOperations(long count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (operations.get() < count) {
      assertThat(System.nanoTime()).as("%d operations in time", count).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  public void stop() {
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

  /** When each operation started and how long it took, for throughput and p99 per phase. */
  public static final class Latencies {
    private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());

    void record(long start, long end) {
      samples.add(new long[] {start, end - start});
    }

    /** Operations per second and p99 in ms of the operations started within [from, to). */
    public String summary(long from, long to) {
      List<Long> taken = new ArrayList<>();
      synchronized (samples) {
        for (long[] sample : samples) {
          if (sample[0] >= from && sample[0] < to) {
            taken.add(sample[1]);
          }
        }
      }
      if (taken.isEmpty()) {
        return "no operations";
      }
      Collections.sort(taken);
      double seconds = (to - from) / 1e9;
      return String.format(
          "%d ops in %.1f s = %.0f ops/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms",
          taken.size(),
          seconds,
          taken.size() / seconds,
          taken.get(taken.size() / 2) / 1e6,
          taken.get((int) (taken.size() * 0.99)) / 1e6,
          taken.get(taken.size() - 1) / 1e6);
    }
  }
}
