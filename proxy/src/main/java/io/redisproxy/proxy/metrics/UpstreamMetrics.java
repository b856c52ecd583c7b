package io.redisproxy.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The meters of one Redis node of an upstream group: connections, errors, timeouts, health. */
public final class UpstreamMetrics {
  private final AtomicLong connections = new AtomicLong();
  private final AtomicInteger up = new AtomicInteger();
  private final Counter errors;
  private final Counter timeouts;

  UpstreamMetrics(MeterRegistry registry, String upstream, String node) {
    Tags tags = Tags.of("upstream", upstream, "node", node);
    Gauge.builder("redisproxy.upstream.connections", connections, AtomicLong::get)
        .description("Open connections from the proxy to the node")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder("redisproxy.upstream.up", up, AtomicInteger::get)
        .description("1 while the node is reachable, 0 otherwise")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    errors =
        Counter.builder("redisproxy.upstream.errors")
            .description("Connection and protocol errors talking to the node")
            .tags(tags)
            .register(registry);
    timeouts =
        Counter.builder("redisproxy.upstream.timeouts")
            .description("Requests to the node that got no reply in time")
            .tags(tags)
            .register(registry);
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void error() {
    errors.increment();
  }

  public void timeout() {
    timeouts.increment();
  }

  public void up(boolean reachable) {
    up.set(reachable ? 1 : 0);
  }
}
