package io.redisproxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Something redis-benchmark runs against: the port it connects to, the process serving it (none for
 * a cluster-aware client, which talks to the nodes itself), the redis-servers behind it and whether
 * they are a Redis Cluster.
 */
record Target(String name, int port, OptionalLong pid, List<Long> shardPids, boolean overCluster) {

  /** redis-benchmark --cluster straight to the nodes, with no process of the target's own. */
  boolean clusterAware() {
    return overCluster && pid.isEmpty();
  }

  /** Every process serving the target: its own and the redis-servers behind it. */
  List<Long> servingPids() {
    List<Long> pids = new ArrayList<>(shardPids);
    pid.ifPresent(pids::add);
    return pids;
  }
}
