package io.redisproxy.operator.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}: a node as some node of the cluster sees it.
 *
 * @param busPort the port of its cluster bus, which CLUSTER MEET must be told when not the default
 *     (its port + 10000)
 * @param masterId the id of the primary it replicates, or null for a primary
 * @param slots its slot ranges, each {@code {from, to}}
 * @param migrating the slots it is moving out, each to the id of the node taking it; only a node's
 *     own line shows them
 * @param importing the slots it is taking in, each from the id of the node moving it out; only a
 *     node's own line shows them
 */
record ClusterNode(
    String id,
    int busPort,
    Set<String> flags,
    String masterId,
    List<int[]> slots,
    Map<Integer, String> migrating,
    Map<Integer, String> importing) {

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

  boolean holds(int slot) {
    return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
  }

  int slotCount() {
    return slots.stream().mapToInt(range -> range[1] - range[0] + 1).sum();
  }

  /**
   * The lines of a {@code CLUSTER NODES} reply; a slot being moved shows as {@code [slot->-id]} on
   * the node moving it out and {@code [slot-<-id]} on the node taking it in.
   */
  static List<ClusterNode> parse(String reply) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String line : reply.split("\n")) {
      String[] fields = line.strip().split(" ");
      if (fields.length < 8) {
        continue;
      }
      List<int[]> slots = new ArrayList<>();
      Map<Integer, String> migrating = new HashMap<>();
      Map<Integer, String> importing = new HashMap<>();
      for (int i = 8; i < fields.length; i++) {
        String range = fields[i];
        if (range.startsWith("[")) {
          String open = range.substring(1, range.length() - 1);
          int out = open.indexOf("->-");
          int in = open.indexOf("-<-");
          if (out > 0) {
            migrating.put(Integer.parseInt(open.substring(0, out)), open.substring(out + 3));
          } else if (in > 0) {
            importing.put(Integer.parseInt(open.substring(0, in)), open.substring(in + 3));
          }
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
              List.copyOf(slots),
              Map.copyOf(migrating),
              Map.copyOf(importing)));
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
