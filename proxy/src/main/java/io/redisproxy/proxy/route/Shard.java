package io.redisproxy.proxy.route;

import io.redisproxy.proxy.upstream.Node;
import java.util.List;

/**
 * One shard of an upstream group, as routing sees it.
 *
 * @param index position in the group, as the shard selector numbers shards
 * @param ordinal position among all shards of all groups, for commands that walk every shard
 */
public record Shard(
    Upstream upstream, int index, int ordinal, String name, Node primary, List<Node> replicas) {

  @Override
  public String toString() {
    return upstream.name() + "/" + name;
  }
}
