package io.redisproxy.operator.reconciler;

import io.redisproxy.operator.model.RedisProxyModel;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.operator.roles.PrimaryBalance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Whether one zone's loss would take every copy of a shard, as far as the zones are known. */
final class ZoneRedundancy {
  private ZoneRedundancy() {}

  /**
   * What keeps a shard from surviving a zone's loss, or null: too few zones named for a shard's
   * pods, or two pods of a shard scheduled in one zone.
   *
   * @param podZones the zone of each Redis pod whose node's zone is known
   */
  static String problem(RedisProxyModel model, Map<String, String> podZones) {
    int pods = model.podsPerShard();
    if (pods == 1) {
      return "each shard is one server: without replicas, a zone's loss takes the shards in it";
    }
    List<String> problems = new ArrayList<>();
    if (!model.zones().isEmpty() && !model.zonesHoldEveryCopy()) {
      problems.add(
          "spec.placement.zones names "
              + model.zones().size()
              + " zones for "
              + pods
              + " pods per shard, so pods of a shard share a zone");
    }
    ResourceNames names = model.names();
    for (int shard = 0; shard < model.shards(); shard++) {
      Map<String, List<String>> byZone = new LinkedHashMap<>();
      for (int ordinal = 0; ordinal < pods; ordinal++) {
        String pod = names.redisPod(shard, ordinal);
        String zone = podZones.get(pod);
        if (zone != null) {
          byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(pod);
        }
      }
      for (Map.Entry<String, List<String>> zone : byZone.entrySet()) {
        if (zone.getValue().size() > 1) {
          problems.add(
              names.shardName(shard)
                  + ": "
                  + String.join(" and ", zone.getValue())
                  + " run in "
                  + zone.getKey());
        }
      }
    }
    String quorum =
        PrimaryBalance.warning(
            model.shards(), new LinkedHashSet<>(podZones.values()), model.clusterMode());
    if (quorum != null) {
      problems.add(quorum);
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
