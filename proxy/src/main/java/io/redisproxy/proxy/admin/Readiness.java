package io.redisproxy.proxy.admin;

import java.util.Optional;

/**
 * Whether the proxy can serve traffic. Asked on every {@code /readyz} request on an event loop, so
 * it must answer from state kept elsewhere and never block.
 */
@FunctionalInterface
public interface Readiness {
  /** Empty when ready; otherwise why not, e.g. {@code upstream main shard s1 unreachable}. */
  Optional<String> notReadyReason();
}
