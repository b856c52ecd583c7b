package io.redisproxy.proxy.route;

import io.redisproxy.proxy.upstream.Node;

/** Whether a replica is linked to its primary, as far as the proxy last heard. */
public interface ReplicaLinks {
  /** Called for every read on every event loop: it must neither lock nor allocate. */
  boolean linkUp(Node replica);
}
