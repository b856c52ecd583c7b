package io.redisproxy.proxy.route;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The failovers of the live config, judged ten times a second. A reload that keeps a group's
 * failover keeps its state, so a group that is failed over stays so across the reload.
 */
public final class Failovers implements AutoCloseable {
  private static final long PERIOD_MILLIS = 100;

  private final MeterRegistry registry;
  private final List<Failover> live = new ArrayList<>();
  private volatile List<Failover> watched = List.of();
  private ScheduledFuture<?> task;

  public Failovers(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The failover of {@code upstream} (which has one), the live one when it is unchanged. */
  synchronized Failover forUpstream(UpstreamConfig upstream) {
    for (Failover failover : live) {
      if (failover.serves(upstream.name(), upstream.failover())) {
        return failover;
      }
    }
    Failover failover = new Failover(upstream.name(), upstream.failover(), registry);
    live.add(failover);
    return failover;
  }

  /** Judges the failovers on {@code loop} from now on. */
  public synchronized void start(EventLoop loop) {
    task =
        loop.scheduleAtFixedRate(
            () -> {
              long now = System.nanoTime();
              for (Failover failover : watched) {
                failover.evaluate(now);
              }
            },
            PERIOD_MILLIS,
            PERIOD_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  /** Keeps judging only {@code used}; the others are closed. */
  public synchronized void retainOnly(Collection<Failover> used) {
    for (Failover failover : List.copyOf(live)) {
      if (!used.contains(failover)) {
        failover.close();
        live.remove(failover);
      }
    }
    watched = List.copyOf(used);
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
    live.forEach(Failover::close);
    live.clear();
    watched = List.of();
  }
}
