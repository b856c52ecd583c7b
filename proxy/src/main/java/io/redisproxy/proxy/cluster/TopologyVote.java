package io.redisproxy.proxy.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the slot map to trust from the answers of several nodes. During a partition or a failover
 * nodes disagree for a while; following whichever answered last would flip routing back and forth.
 * The vote is on which primary serves which slots (replica lists differ between nodes while they
 * learn of a failure, and must not split the vote); a map is adopted only when more than half of
 * the nodes that answered report it. Otherwise the current map stays (or, with none yet, the most
 * reported one is taken so the proxy can start).
 */
public final class TopologyVote {
  private TopologyVote() {}

  /** The winner among {@code answers}, or {@code current} when no map has a majority. */
  public static List<SlotRange> decide(List<List<SlotRange>> answers, List<SlotRange> current) {
    Map<List<SlotRange>, Integer> votes = new HashMap<>();
    Map<List<SlotRange>, List<SlotRange>> firstAnswer = new HashMap<>();
    for (List<SlotRange> answer : answers) {
      if (!answer.isEmpty()) {
        List<SlotRange> primaries = primariesOnly(answer);
        votes.merge(primaries, 1, Integer::sum);
        firstAnswer.putIfAbsent(primaries, answer);
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
    if (best == null) {
      return current;
    }
    boolean majority = bestVotes * 2 > answers.size();
    if (current != null && !current.isEmpty()) {
      if (!majority) {
        return current;
      }
      if (best.equals(primariesOnly(current))) {
        // Same primaries: take the fresh replica lists only when most nodes agree on them too.
        List<SlotRange> fresh = firstAnswer.get(best);
        return answers.stream().filter(fresh::equals).count() * 2 > answers.size()
            ? fresh
            : current;
      }
    }
    return firstAnswer.get(best);
  }

  private static List<SlotRange> primariesOnly(List<SlotRange> map) {
    List<SlotRange> primaries = new ArrayList<>(map.size());
    for (SlotRange range : map) {
      primaries.add(new SlotRange(range.start(), range.end(), range.primary(), List.of()));
    }
    return primaries;
  }
}
