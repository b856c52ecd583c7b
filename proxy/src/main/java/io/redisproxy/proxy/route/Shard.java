package io.redisproxy.proxy.route;

import io.redisproxy.proxy.upstream.Node;
import java.util.List;

/**
 * One shard of an upstream group, as routing sees it: a primary and its replicas.
 *
 * @param index position in the group, as the shard selector numbers shards
 */
public record Shard(Upstream upstream, int index, String name, Node primary, List<Node> replicas) {

  /** The same shard, by one routing table or by two: a reload builds new ones. */
  public boolean sameAs(Shard other) {
    return this == other
        || other != null
            && upstream.name().equals(other.upstream.name())
            && name.equals(other.name);
  }

  @Override
  public String toString() {
    return upstream.name() + "/" + name;
  }
}
