package io.redisproxy.proxy.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the slot map to trust from the answers of several nodes. During a partition or a failover
 * nodes disagree for a while; following whichever answered last would flip routing back and forth.
 * A map is adopted only when more than half of the nodes that answered report it; otherwise the
 * current map stays (or, with none yet, the most reported one is taken so the proxy can start).
 */
public final class TopologyVote {
  private TopologyVote() {}

  /** The winner among {@code answers}, or {@code current} when no map has a majority. */
  public static List<SlotRange> decide(List<List<SlotRange>> answers, List<SlotRange> current) {
    Map<List<SlotRange>, Integer> votes = new HashMap<>();
    for (List<SlotRange> answer : answers) {
      if (!answer.isEmpty()) {
        votes.merge(answer, 1, Integer::sum);
      }
    }
    List<SlotRange> best = null;
    int bestVotes = 0;
    for (Map.Entry<List<SlotRange>, Integer> vote : votes.entrySet()) {
      if (vote.getValue() > bestVotes) {
        best = vote.getKey();
        bestVotes = vote.getValue();
      }
    }
    if (best != null && bestVotes * 2 > answers.size()) {
      return best;
    }
    return current == null || current.isEmpty() ? best : current;
  }
}
