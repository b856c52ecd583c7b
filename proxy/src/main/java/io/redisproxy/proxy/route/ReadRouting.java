package io.redisproxy.proxy.route;

import io.redisproxy.proxy.upstream.Node;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which node of a shard serves a request: writes always go to the primary; reads follow the
 * upstream group's read policy.
 *
 * <p>A replica is fit for reads while the proxy has a connection to it (or is still opening its
 * first one) and the last health poll found its link to the primary up. Reads spread at random over
 * the fit replicas (and the primary, for {@code any}). When nothing fit is left, {@code replica}
 * gives up, while the {@code prefer} policies and {@code any} still try a reachable replica whose
 * link is down: its data may be stale, but when the primary is unreachable too (the usual reason a
 * link is down) it is the only copy left.
 *
 * <p>Runs on every event loop for every request: it takes no lock and allocates nothing.
 */
public final class ReadRouting {
  private final ReplicaLinks links;

  public ReadRouting(ReplicaLinks links) {
    this.links = links;
  }

  /** The node for a request of this kind, or null when the policy finds none it may use. */
  public Node nodeFor(Shard shard, boolean write) {
    Node primary = shard.primary();
    if (write) {
      return primary;
    }
    return switch (shard.upstream().readPolicy()) {
      case PRIMARY -> primary;
      case PREFER_PRIMARY ->
          reachable(primary) ? primary : orLastResort(pickFit(null, shard), shard);
      case REPLICA -> {
        Node replica = pickFit(null, shard);
        if (replica == null && shard.replicas().isEmpty() && shard.upstream().topology() != null) {
          shard.upstream().topology().replicasMissing();
        }
        yield replica;
      }
      case PREFER_REPLICA -> {
        Node replica = pickFit(null, shard);
        yield replica != null ? replica : reachable(primary) ? primary : orLastResort(null, shard);
      }
      case ANY -> orLastResort(pickFit(reachable(primary) ? primary : null, shard), shard);
    };
  }

  /**
   * A node picked at random among the fit replicas of {@code shard} and {@code primary} (when not
   * null), or null when there is none.
   */
  private Node pickFit(Node primary, Shard shard) {
    List<Node> replicas = shard.replicas();
    int candidates = primary != null ? 1 : 0;
    for (int i = 0; i < replicas.size(); i++) {
      if (fit(replicas.get(i))) {
        candidates++;
      }
    }
    if (candidates == 0) {
      return null;
    }
    int chosen = candidates == 1 ? 0 : ThreadLocalRandom.current().nextInt(candidates);
    if (primary != null && chosen-- == 0) {
      return primary;
    }
    Node last = primary;
    for (int i = 0; i < replicas.size(); i++) {
      Node replica = replicas.get(i);
      if (fit(replica)) {
        if (chosen-- == 0) {
          return replica;
        }
        last = replica;
      }
    }
    // A replica's health changed between the two passes.
    return last;
  }

  private boolean fit(Node replica) {
    return reachable(replica) && links.linkUp(replica);
  }

  private static boolean reachable(Node node) {
    return node.health().usable();
  }

  /** {@code node}, else a reachable replica even if its link is down, else the primary. */
  private static Node orLastResort(Node node, Shard shard) {
    if (node != null) {
      return node;
    }
    List<Node> replicas = shard.replicas();
    for (int i = 0; i < replicas.size(); i++) {
      if (reachable(replicas.get(i))) {
        return replicas.get(i);
      }
    }
    // Nothing is reachable: the request fails with the primary's error, which says why.
    return shard.primary();
  }
}
