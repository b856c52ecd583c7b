package io.redisproxy.proxy.cluster;

import io.redisproxy.proxy.config.HostPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a {@code CLUSTER SLOTS} reply. Each entry is {@code [start, end, primary, replica...]}
 * where a node is {@code [endpoint, port, id, ...]}; the endpoint is an IP or, when the cluster
 * announces them, a hostname. Nodes with an unknown endpoint ({@code ?} or empty) are left out.
 */
public final class ClusterSlots {
  private ClusterSlots() {}

  /** The ranges of {@code reply}, sorted by start; throws on a reply of another shape. */
  public static List<SlotRange> parse(Object reply) {
    if (!(reply instanceof List<?> entries)) {
      throw new IllegalArgumentException("CLUSTER SLOTS did not answer an array");
    }
    List<SlotRange> ranges = new ArrayList<>();
    for (Object entry : entries) {
      List<?> fields = (List<?>) entry;
      int start = ((Long) fields.get(0)).intValue();
      int end = ((Long) fields.get(1)).intValue();
      HostPort primary = node(fields.get(2));
      if (primary == null) {
        continue;
      }
      List<HostPort> replicas = new ArrayList<>();
      for (int i = 3; i < fields.size(); i++) {
        HostPort replica = node(fields.get(i));
        if (replica != null) {
          replicas.add(replica);
        }
      }
      replicas.sort(Comparator.comparing(HostPort::toString));
      ranges.add(new SlotRange(start, end, primary, List.copyOf(replicas)));
    }
    ranges.sort(Comparator.comparingInt(SlotRange::start));
    return List.copyOf(ranges);
  }

  private static HostPort node(Object node) {
    List<?> fields = (List<?>) node;
    String endpoint = (String) fields.get(0);
    if (endpoint == null || endpoint.isEmpty() || endpoint.equals("?")) {
      return null;
    }
    return new HostPort(endpoint, ((Long) fields.get(1)).intValue());
  }
}
