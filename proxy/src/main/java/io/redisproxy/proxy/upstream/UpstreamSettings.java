package io.redisproxy.proxy.upstream;

import io.redisproxy.proxy.config.TimeoutsConfig;
import io.redisproxy.proxy.net.Transport;

/** The timeouts every upstream connection of the current config obeys. */
public record UpstreamSettings(
    Transport transport,
    int connectTimeoutMillis,
    long operationTimeoutNanos,
    long reconnectMaxMillis) {

  public static UpstreamSettings of(Transport transport, TimeoutsConfig timeouts) {
    return new UpstreamSettings(
        transport,
        (int) timeouts.connect().toMillis(),
        timeouts.operation().toNanos(),
        timeouts.reconnectMax().toMillis());
  }
}
