package io.redisproxy.proxy.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.redisproxy.proxy.config.FailoverConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an upstream group's traffic goes to its standby now. The group fails over when none of
 * its shard primaries has been reachable for {@code after} (a regional outage, not one dead shard)
 * and fails back once every primary has been reachable for {@code failbackAfter}. Judged by the
 * {@link Failovers} monitor from the connection state the event loops keep anyway; read by every
 * request.
 */
public final class Failover {
  private static final Logger log = LoggerFactory.getLogger(Failover.class);

  private final String upstream;
  private final FailoverConfig config;
  private final MeterRegistry registry;
  private final List<Meter> meters;
  private final Counter switches;
  private volatile boolean active;
  private volatile Upstream group;
  private volatile Upstream standby;
  // Touched by the monitor only.
  private long unreachableSince = -1;
  private long reachableSince = -1;

  Failover(String upstream, FailoverConfig config, MeterRegistry registry) {
    this.upstream = upstream;
    this.config = config;
    this.registry = registry;
    Tags tags = Tags.of("upstream", upstream, "standby", config.standby());
    this.switches =
        Counter.builder("redisproxy.failover.switches")
            .description("Times the group's traffic moved to its standby or back")
            .tags(tags)
            .register(registry);
    this.meters =
        List.of(
            switches,
            Gauge.builder("redisproxy.failover.active", this, f -> f.active ? 1 : 0)
                .description("1 while the group's traffic goes to its standby")
                .tags(tags)
                .strongReference(true)
                .register(registry));
  }

  boolean serves(String name, FailoverConfig other) {
    return upstream.equals(name) && config.equals(other);
  }

  /** Points at the groups of the live routing table. */
  void bind(Upstream group, Upstream standby) {
    this.group = group;
    this.standby = standby;
  }

  boolean active() {
    return active;
  }

  Upstream standby() {
    return standby;
  }

  /** Looks at the group's primaries once more; switches when a bound has passed. */
  void evaluate(long now) {
    Upstream current = group;
    if (current == null) {
      return;
    }
    boolean any = false;
    boolean all = true;
    for (Shard shard : current.shards()) {
      boolean reachable = shard.primary().health().reachable();
      any |= reachable;
      all &= reachable;
    }
    all &= !current.shards().isEmpty();
    if (!active) {
      reachableSince = -1;
      if (any) {
        unreachableSince = -1;
      } else if (unreachableSince < 0) {
        unreachableSince = now;
      } else if (now - unreachableSince >= config.after().toNanos()) {
        active = true;
        switches.increment();
        log.warn(
            "upstream {}: no primary reachable for {}; its traffic goes to standby {}",
            upstream,
            config.after(),
            config.standby());
      }
    } else {
      unreachableSince = -1;
      if (!all) {
        reachableSince = -1;
      } else if (reachableSince < 0) {
        reachableSince = now;
      } else if (now - reachableSince >= config.failbackAfter().toNanos()) {
        active = false;
        switches.increment();
        log.info(
            "upstream {}: every primary reachable for {}; its traffic is back from standby {}",
            upstream,
            config.failbackAfter(),
            config.standby());
      }
    }
  }

  void close() {
    meters.forEach(registry::remove);
  }
}
