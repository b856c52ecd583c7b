package io.redisproxy.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The proxy's meters, exported in the Prometheus text format. Recording takes no lock and allocates
 * nothing; callers look up {@link CommandMetrics} and {@link UpstreamMetrics} once and keep them,
 * since the lookup itself is a map access.
 */
public final class ProxyMetrics {
  private final PrometheusMeterRegistry registry;
  private final ConcurrentHashMap<String, CommandMetrics> commands = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UpstreamNode, UpstreamMetrics> upstreams =
      new ConcurrentHashMap<>();
  private final AtomicLong clients = new AtomicLong();
  private final Counter clientsRejected;
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final Counter reloadsApplied;
  private final Counter reloadsRejected;
  private Gauge configInfo; // guarded by this

  public ProxyMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("redisproxy.clients", clients, AtomicLong::get)
        .description("Connected clients")
        .strongReference(true)
        .register(registry);
    clientsRejected =
        Counter.builder("redisproxy.clients.rejected")
            .description("Client connections refused because limits.maxClients was reached")
            .register(registry);
    FunctionCounter.builder("redisproxy.bytes.received", bytesReceived, LongAdder::sum)
        .description("Bytes read from clients")
        .register(registry);
    FunctionCounter.builder("redisproxy.bytes.sent", bytesSent, LongAdder::sum)
        .description("Bytes written to clients")
        .register(registry);
    reloadsApplied = reloads("applied");
    reloadsRejected = reloads("rejected");
    registry.getPrometheusRegistry().register(new CommandMeters(commands.values()));
  }

  /** Metrics on a fresh registry of their own. */
  public static ProxyMetrics create() {
    return new ProxyMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * The meters of one command, created on first use. Every distinct name becomes a label value, so
   * pass names from the command table, not raw client input.
   */
  public CommandMetrics command(String name) {
    return commands.computeIfAbsent(name, CommandMetrics::new);
  }

  /** The meters of one node of an upstream group, created on first use. */
  public UpstreamMetrics upstream(String upstream, String node) {
    return upstreams.computeIfAbsent(
        new UpstreamNode(upstream, node), key -> new UpstreamMetrics(registry, upstream, node));
  }

  public void clientConnected() {
    clients.incrementAndGet();
  }

  public void clientDisconnected() {
    clients.decrementAndGet();
  }

  public void clientRejected() {
    clientsRejected.increment();
  }

  public void bytesIn(long bytes) {
    bytesReceived.add(bytes);
  }

  public void bytesOut(long bytes) {
    bytesSent.add(bytes);
  }

  /** Counts one attempt to apply a changed config file: {@code ok} if it is now live. */
  public void configReloaded(boolean ok) {
    (ok ? reloadsApplied : reloadsRejected).increment();
  }

  /** Publishes the hash of the live config, replacing the previous one. */
  public synchronized void configInUse(String hash) {
    if (configInfo != null) {
      registry.remove(configInfo);
    }
    configInfo =
        Gauge.builder("redisproxy.config.info", () -> 1)
            .description("Always 1; the hash label names the live config")
            .tag("hash", hash)
            .register(registry);
  }

  /**
   * Publishes {@code ready}, asked at every scrape, as the gauge behind {@code /readyz}, so an
   * alert sees a proxy that is not ready without probing it.
   */
  public void readiness(BooleanSupplier ready) {
    Gauge.builder("redisproxy.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 while the proxy can serve traffic (/readyz answers 200), else 0")
        .strongReference(true)
        .register(registry);
  }

  /** The registry, for components that register meters of their own. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  private Counter reloads(String result) {
    return Counter.builder("redisproxy.config.reloads")
        .description("Attempts to apply a changed config file, by result")
        .tag("result", result)
        .register(registry);
  }

  private record UpstreamNode(String upstream, String node) {}
}
