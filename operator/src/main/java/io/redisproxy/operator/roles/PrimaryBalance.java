package io.redisproxy.operator.roles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where primary roles should move so that zones hold equal shares of them: a zone that holds more
 * than its share loses every shard it leads to a replica in another zone when it goes down, and a
 * Redis Cluster whose zone held a majority of the primaries cannot even elect replacements. Pure:
 * the caller moves the role (CLUSTER FAILOVER on the replica) and asks again; one move per call, so
 * roles move one shard at a time.
 */
public final class PrimaryBalance {
  private PrimaryBalance() {}

  /**
   * One shard as it runs now.
   *
   * @param pods the shard's pods, its primary among them
   * @param primary the pod that holds the primary role now
   */
  public record Shard(String name, List<String> pods, String primary) {}

  /** Move the primary role of {@code shard} from {@code from} to its replica {@code to}. */
  public record Move(String shard, String from, String to) {}

  /**
   * What to do next.
   *
   * @param move the one role to move now, or null when the roles are as balanced as they can be
   * @param warning why a zone's loss can still be worse than its share, or null
   */
  public record Plan(Move move, String warning) {}

  /**
   * The plan for {@code shards} given the zone of each pod ({@code zones}, pods without a known
   * zone take part in nothing). A shard is only moved to a pod in a zone that holds fewer
   * primaries, so every move makes the spread strictly better and the plan ends.
   */
  public static Plan next(List<Shard> shards, Map<String, String> zones, boolean cluster) {
    Set<String> allZones = new LinkedHashSet<>();
    for (Shard shard : shards) {
      for (String pod : shard.pods()) {
        if (zones.containsKey(pod)) {
          allZones.add(zones.get(pod));
        }
      }
    }
    if (allZones.size() < 2) {
      return new Plan(null, null);
    }
    Map<String, Integer> primariesIn = new LinkedHashMap<>();
    allZones.forEach(zone -> primariesIn.put(zone, 0));
    for (Shard shard : shards) {
      String zone = zones.get(shard.primary());
      if (zone != null) {
        primariesIn.merge(zone, 1, Integer::sum);
      }
    }
    int share = (shards.size() + allZones.size() - 1) / allZones.size();
    Move move = null;
    for (Shard shard : shards) {
      String from = zones.get(shard.primary());
      if (from == null || primariesIn.get(from) <= share) {
        continue;
      }
      String best = null;
      for (String pod : shard.pods()) {
        String to = zones.get(pod);
        if (pod.equals(shard.primary())
            || to == null
            || primariesIn.get(to) + 1 >= primariesIn.get(from)) {
          continue;
        }
        if (best == null || primariesIn.get(to) < primariesIn.get(zones.get(best))) {
          best = pod;
        }
      }
      if (best != null) {
        move = new Move(shard.name(), shard.primary(), best);
        break;
      }
    }
    return new Plan(move, warning(shards.size(), allZones, cluster));
  }

  /**
   * Why a zone's loss can stop a Redis Cluster from failing over, or null: with two zones, one
   * always holds at least half of the primaries.
   */
  public static String warning(int primaries, Set<String> zones, boolean cluster) {
    if (!cluster || zones.size() != 2 || primaries < 2) {
      return null;
    }
    List<String> names = new ArrayList<>(zones);
    return "the pods run in two zones ("
        + String.join(", ", names)
        + "): one of them holds at least half of the primaries, and if it is lost the Redis"
        + " Cluster has no majority to fail them over";
  }
}
