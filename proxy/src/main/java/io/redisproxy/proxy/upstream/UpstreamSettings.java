package io.redisproxy.proxy.upstream;

import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.net.Transport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeouts every upstream connection of the current config obeys, and each group's flush delay.
 */
public record UpstreamSettings(
    Transport transport,
    int connectTimeoutMillis,
    long operationTimeoutNanos,
    long reconnectMaxMillis,
    Map<String, Long> flushDelayNanos) {

  public static UpstreamSettings of(
      Transport transport, TimeoutsConfig timeouts, List<UpstreamConfig> upstreams) {
    Map<String, Long> delays = new HashMap<>();
    for (UpstreamConfig upstream : upstreams) {
      if (!upstream.flushDelay().isZero()) {
        delays.put(upstream.name(), upstream.flushDelay().toNanos());
      }
    }
    return new UpstreamSettings(
        transport,
        (int) timeouts.connect().toMillis(),
        timeouts.operation().toNanos(),
        timeouts.reconnectMax().toMillis(),
        Map.copyOf(delays));
  }

  /** How long the connections to a group's servers may hold writes; 0 for at once. */
  public long flushDelayNanos(String upstream) {
    return flushDelayNanos.getOrDefault(upstream, 0L);
  }
}
