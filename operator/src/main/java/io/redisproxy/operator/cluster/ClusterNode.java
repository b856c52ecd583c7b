package io.redisproxy.operator.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}: a node as some node of the cluster sees it.
 *
 * @param busPort the port of its cluster bus, which CLUSTER MEET must be told when not the default
 *     (its port + 10000)
 * @param masterId the id of the primary it replicates, or null for a primary
 * @param slots its slot ranges, each {@code {from, to}}
 */
record ClusterNode(String id, int busPort, Set<String> flags, String masterId, List<int[]> slots) {

  boolean myself() {
    return flags.contains("myself");
  }

  boolean primary() {
    return flags.contains("master");
  }

  boolean inHandshake() {
    return flags.contains("handshake");
  }

  boolean failed() {
    return flags.contains("fail") || flags.contains("noaddr");
  }

  boolean holdsSlots() {
    return !slots.isEmpty();
  }

  /** The lines of a {@code CLUSTER NODES} reply; slots being moved ({@code [..]}) are skipped. */
  static List<ClusterNode> parse(String reply) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String line : reply.split("\n")) {
      String[] fields = line.strip().split(" ");
      if (fields.length < 8) {
        continue;
      }
      List<int[]> slots = new ArrayList<>();
      for (int i = 8; i < fields.length; i++) {
        String range = fields[i];
        if (range.startsWith("[")) {
          continue;
        }
        int dash = range.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
        slots.add(new int[] {from, to});
      }
      nodes.add(
          new ClusterNode(
              fields[0],
              busPort(fields[1]),
              Set.of(fields[2].split(",")),
              fields[3].equals("-") ? null : fields[3],
              List.copyOf(slots)));
    }
    return nodes;
  }

  /** From {@code ip:port@cport[,hostname]}; 0 when the line names none. */
  private static int busPort(String address) {
    int at = address.indexOf('@');
    if (at < 0) {
      return 0;
    }
    int end = address.indexOf(',', at);
    return Integer.parseInt(address.substring(at + 1, end < 0 ? address.length() : end));
  }
}
