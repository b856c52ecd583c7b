package io.redisproxy.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Redis Sentinel processes on loopback ports, each monitoring the same primaries, for tests of
 * failover. {@link #start} returns once every sentinel knows every other one and every replica, so
 * a failover can be elected at once.
 */
public final class RedisSentinels implements AutoCloseable {
  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 50;

  /**
   * How the sentinels judge a primary: a quorum of them must see it down for {@code downAfter}
   * before one of them fails it over, and a failover may take {@code failoverTimeout}.
   */
  public record Timing(int quorum, Duration downAfter, Duration failoverTimeout) {
    /** Quick enough for tests: down after one second. */
    public static Timing fast(int quorum) {
      return new Timing(quorum, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
  }

  private final List<RedisServer> sentinels;

  private RedisSentinels(List<RedisServer> sentinels) {
    this.sentinels = List.copyOf(sentinels);
  }

  /**
   * Starts {@code count} sentinels, each monitoring every primary of {@code primaries} (by the name
   * the map gives it), and waits until they know each other and each primary's {@code replicasEach}
   * replicas.
   */
  public static RedisSentinels start(
      int count, Map<String, RedisServer> primaries, int replicasEach, Timing timing) {
    List<String> directives = new ArrayList<>();
    for (Map.Entry<String, RedisServer> primary : primaries.entrySet()) {
      String name = primary.getKey();
      RedisServer server = primary.getValue();
      directives.add(
          "sentinel monitor "
              + name
              + " "
              + server.host()
              + " "
              + server.port()
              + " "
              + timing.quorum());
      directives.add(
          "sentinel down-after-milliseconds " + name + " " + timing.downAfter().toMillis());
      directives.add(
          "sentinel failover-timeout " + name + " " + timing.failoverTimeout().toMillis());
    }
    RedisServer.Options options =
        RedisServer.Options.defaults()
            .asSentinel()
            .withDirectives(directives.toArray(new String[0]));
    List<RedisServer> started = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        started.add(RedisServer.start(options));
      }
      RedisSentinels sentinels = new RedisSentinels(started);
      for (String name : primaries.keySet()) {
        sentinels.await(
            "know each other and the replicas of " + name,
            () -> sentinels.discoveryProblem(name, count - 1, replicasEach));
      }
      return sentinels;
    } catch (RuntimeException e) {
      started.forEach(RedisServer::close);
      throw e;
    }
  }

  public RedisServer get(int index) {
    return sentinels.get(index);
  }

  public int size() {
    return sentinels.size();
  }

  /** Every sentinel's {@code host:port}. */
  public List<String> addresses() {
    return sentinels.stream().map(RedisServer::address).toList();
  }

  /** The primary the sentinels that answer name for {@code name}, as {@code host:port}. */
  @SuppressWarnings("unchecked")
  public String primaryOf(String name) {
    for (RedisServer sentinel : sentinels) {
      if (!sentinel.isAlive()) {
        continue;
      }
      try {
        List<Object> address =
            (List<Object>) sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name);
        return address.get(0) + ":" + address.get(1);
      } catch (RuntimeException e) {
        // Paused or restarting: ask the next one.
      }
    }
    throw new IllegalStateException("no sentinel answers for " + name);
  }

  /**
   * Null once every sentinel knows {@code others} other sentinels and {@code replicas} replicas.
   */
  @SuppressWarnings("unchecked")
  private String discoveryProblem(String name, int others, int replicas) {
    for (RedisServer sentinel : sentinels) {
      List<Object> fields = (List<Object>) sentinel.command("SENTINEL", "MASTER", name);
      int knownOthers = Integer.parseInt(field(fields, "num-other-sentinels"));
      int knownReplicas = Integer.parseInt(field(fields, "num-slaves"));
      if (knownOthers < others || knownReplicas < replicas) {
        return sentinel.address()
            + " knows "
            + knownOthers
            + " other sentinels and "
            + knownReplicas
            + " replicas";
      }
    }
    return null;
  }

  private static String field(List<Object> fields, String name) {
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(fields.get(i))) {
        return String.valueOf(fields.get(i + 1));
      }
    }
    throw new IllegalStateException("no field " + name + " in " + fields);
  }

  private void await(String goal, Supplier<String> problem) {
    long deadline = System.nanoTime() + DISCOVERY_TIMEOUT.toNanos();
    for (String current = problem.get(); current != null; current = problem.get()) {
      if (System.nanoTime() - deadline > 0) {
        throw new RedisServerException(
            "the sentinels did not " + goal + " within " + DISCOVERY_TIMEOUT + ": " + current);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RedisServerException("interrupted while waiting for the sentinels to " + goal);
      }
    }
  }

  @Override
  public void close() {
    sentinels.forEach(RedisServer::close);
  }
}
