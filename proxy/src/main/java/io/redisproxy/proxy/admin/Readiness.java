package io.redisproxy.proxy.admin;

import java.util.Optional;

/**
 * Whether the proxy can serve traffic. Asked on every {@code /readyz} request on an event loop, so
 * it must answer from state kept elsewhere and never block.
 */
@FunctionalInterface
public interface Readiness {
  /** Empty when ready; otherwise why not, e.g. {@code no shard primary is reachable: ...}. */
  Optional<String> notReadyReason();

  /**
   * What fails while the rest is served, e.g. {@code upstream main/10.0.0.1:6379 unreachable}: a
   * dead shard fails its own keys, it does not take the proxy out of service. Empty when nothing.
   */
  default Optional<String> degradation() {
    return Optional.empty();
  }
}
