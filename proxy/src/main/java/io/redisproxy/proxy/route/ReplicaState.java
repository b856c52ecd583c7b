package io.redisproxy.proxy.route;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.redisproxy.proxy.upstream.Node;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the last health poll learned about one replica, and its meters. Written by the monitor's
 * event loop only; {@link #linkUp()} is read by every event loop.
 */
final class ReplicaState {
  private static final Logger log = LoggerFactory.getLogger(ReplicaState.class);

  private final Node node;
  private final MeterRegistry registry;
  private final List<Meter> meters;
  // Until the first poll answers, a reachable replica is trusted: the poll runs as soon as a
  // replica is watched, and failing every read until then would be worse than this short window.
  private volatile boolean linkUp = true;
  private volatile long lagBytes;
  private volatile double lagSeconds;

  ReplicaState(Node node, MeterRegistry registry) {
    this.node = node;
    this.registry = registry;
    Tags tags = Tags.of("upstream", node.upstream(), "node", node.address().toString());
    meters =
        List.of(
            Gauge.builder("redisproxy.replica.link.up", this, s -> s.linkUp ? 1 : 0)
                .description("1 while the replica reports its link to the primary up, else 0")
                .tags(tags)
                .strongReference(true)
                .register(registry),
            Gauge.builder("redisproxy.replica.lag.bytes", this, s -> s.lagBytes)
                .description("Replication bytes the primary has and the replica has not applied")
                .tags(tags)
                .strongReference(true)
                .register(registry),
            Gauge.builder("redisproxy.replica.lag.seconds", this, s -> s.lagSeconds)
                .description("How long the replica has been missing data the primary has")
                .tags(tags)
                .strongReference(true)
                .register(registry));
  }

  Node node() {
    return node;
  }

  boolean linkUp() {
    return linkUp;
  }

  /** Takes in one poll: {@code problem} says why reads must skip it, null when they may use it. */
  void report(String shard, String problem) {
    boolean up = problem == null;
    if (up != linkUp) {
      linkUp = up;
      if (up) {
        log.info("replica {} of {} is in sync again; reads use it", node.label(), shard);
      } else {
        log.warn("reads skip replica {} of {}: {}", node.label(), shard, problem);
      }
    }
  }

  /** Records how far behind the primary it is; {@code bytes} is -1 when the primary is silent. */
  void lag(long bytes, long nanos) {
    if (bytes >= 0) {
      lagBytes = bytes;
    }
    lagSeconds = nanos / (double) TimeUnit.SECONDS.toNanos(1);
  }

  /** Removes this replica's meters: it left the config. */
  void close() {
    meters.forEach(registry::remove);
  }
}
