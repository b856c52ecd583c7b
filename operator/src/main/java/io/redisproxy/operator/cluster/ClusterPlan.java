package io.redisproxy.operator.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The next steps that turn a managed topology's Redis servers into the Redis Cluster its spec asks
 * for: each shard's pods one primary holding a share of the slots (or none yet, for a shard added
 * to a running cluster, until {@link SlotMovePlan} moves slots to it) and replicas of it. Pure: it
 * reads what each server reports and says what to send; the caller sends it and asks again until
 * {@link #formed}.
 *
 * @param actions what to send now, in order
 * @param formed whether the cluster is as the spec asks, with every node reporting state ok
 * @param waitingFor why not, for the status, when not formed
 * @param primaries each shard's primary (it moves when Redis Cluster fails over), once formed
 */
public record ClusterPlan(
    List<Action> actions, boolean formed, String waitingFor, List<String> primaries) {
  public static final int SLOTS = 16384;

  /** One command for one server. */
  public sealed interface Action {
    String address();
  }

  /**
   * {@code CLUSTER MEET} of the server at {@code other} and its bus port, sent to {@code address}.
   */
  public record Meet(String address, String other, int busPort) implements Action {}

  /** {@code CLUSTER ADDSLOTSRANGE from to}. */
  public record AddSlots(String address, int from, int to) implements Action {}

  /** {@code CLUSTER REPLICATE primaryId}. */
  public record Replicate(String address, String primaryId) implements Action {}

  /** {@code CLUSTER FORGET id}: a node that failed and is none of the pods any more. */
  public record Forget(String address, String id) implements Action {}

  /**
   * What a server reports: its {@code CLUSTER NODES}, whether {@code CLUSTER INFO} says {@code
   * cluster_state:ok}, and whether its replication link is up ({@code INFO replication}; always
   * true for a primary).
   */
  public record View(List<ClusterNode> nodes, boolean stateOk, boolean linkUp) {
    public static View parse(String clusterNodes, String clusterInfo, String replication) {
      return new View(
          ClusterNode.parse(clusterNodes),
          clusterInfo.contains("cluster_state:ok"),
          !replication.contains("role:slave") || replication.contains("master_link_status:up"));
    }

    ClusterNode myself() {
      return nodes.stream().filter(ClusterNode::myself).findFirst().orElseThrow();
    }
  }

  /**
   * @param shards each shard's server addresses, the pod that starts as its primary first
   * @param views what each address reports; an address without one is not reachable
   */
  public static ClusterPlan next(List<List<String>> shards, Map<String, View> views) {
    List<String> all = shards.stream().flatMap(List::stream).toList();
    for (String address : all) {
      if (!views.containsKey(address)) {
        return waiting("cannot reach " + address + " yet");
      }
    }
    String first = all.get(0);
    Set<String> ids = new HashSet<>();
    for (String address : all) {
      ids.add(views.get(address).myself().id());
    }
    List<Action> actions = new ArrayList<>();
    // A node being met shows under a temporary id until its handshake completes: meeting it
    // again meanwhile would start the handshake over.
    if (views.get(first).nodes().stream().anyMatch(ClusterNode::inHandshake)) {
      return waiting("servers are completing their handshake");
    }
    Set<String> knownToFirst = new HashSet<>();
    views.get(first).nodes().forEach(node -> knownToFirst.add(node.id()));
    for (String address : all) {
      ClusterNode self = views.get(address).myself();
      if (!knownToFirst.contains(self.id())) {
        actions.add(new Meet(first, address, self.busPort()));
      }
    }
    if (!actions.isEmpty()) {
      return new ClusterPlan(actions, false, "introducing the servers to each other", List.of());
    }
    for (String address : all) {
      Set<String> known = new HashSet<>();
      views.get(address).nodes().forEach(node -> known.add(node.id()));
      if (!known.containsAll(ids)) {
        return waiting(address + " has not heard of every server yet");
      }
    }
    // Each server that still lists a replaced one forgets it: a server that was itself replaced
    // never knew the old ids, so no one view holds them all. A lost primary whose replica is yet to
    // take over is kept: forgetting it would free its slots, and the replica's data with them.
    Set<String> followed = new HashSet<>();
    for (String address : all) {
      ClusterNode self = views.get(address).myself();
      if (!self.primary()) {
        followed.add(self.masterId());
      }
    }
    for (String address : all) {
      for (ClusterNode node : views.get(address).nodes()) {
        boolean failingOver = node.holdsSlots() && followed.contains(node.id());
        if (!ids.contains(node.id()) && node.failed() && !failingOver) {
          actions.add(new Forget(address, node.id()));
        }
      }
    }
    if (!actions.isEmpty()) {
      return new ClusterPlan(actions, false, "forgetting servers that are gone", List.of());
    }
    List<ClusterNode> seenByFirst = views.get(first).nodes();
    if (seenByFirst.stream().noneMatch(ClusterNode::holdsSlots)) {
      for (int shard = 0; shard < shards.size(); shard++) {
        actions.add(
            new AddSlots(
                shards.get(shard).get(0),
                SLOTS * shard / shards.size(),
                SLOTS * (shard + 1) / shards.size() - 1));
      }
      return new ClusterPlan(actions, false, "assigning the slots", List.of());
    }
    List<String> primaries = new ArrayList<>();
    for (int shard = 0; shard < shards.size(); shard++) {
      List<String> pods = shards.get(shard);
      Optional<String> primary =
          pods.stream()
              .filter(
                  address -> {
                    ClusterNode self = views.get(address).myself();
                    return self.primary() && self.holdsSlots();
                  })
              .findFirst();
      List<int[]> free = unassigned(seenByFirst);
      if (primary.isEmpty() && free.isEmpty() && empty(pods, views)) {
        // A shard added to a running cluster: its first primary waits, empty, for the slots the
        // slot mover gives it.
        primary =
            pods.stream()
                .filter(address -> views.get(address).myself().primary())
                .filter(address -> !views.get(address).myself().holdsSlots())
                .findFirst();
      }
      if (primary.isEmpty()) {
        if (free.isEmpty()) {
          return waiting("shard " + shard + " has no primary");
        }
        // Its primary and replicas all came back empty (no volumes): the slots it held are free.
        for (int[] range : free) {
          actions.add(new AddSlots(pods.get(0), range[0], range[1]));
        }
        return new ClusterPlan(
            actions, false, "giving shard " + shard + " the slots nobody holds", List.of());
      }
      primaries.add(primary.get());
      String primaryId = views.get(primary.get()).myself().id();
      for (String address : pods) {
        ClusterNode self = views.get(address).myself();
        boolean follows = !self.primary() && primaryId.equals(self.masterId());
        if (!address.equals(primary.get()) && !follows) {
          if (self.primary() && self.holdsSlots()) {
            return waiting(
                address + " holds slots of its own: a shard has one primary; reshard it by hand");
          }
          actions.add(new Replicate(address, primaryId));
        }
      }
    }
    if (!actions.isEmpty()) {
      return new ClusterPlan(actions, false, "setting up the replicas", List.of());
    }
    // Clients learn the replicas from any node's CLUSTER SLOTS: wait until every node lists them.
    for (String address : all) {
      for (int shard = 0; shard < shards.size(); shard++) {
        String primaryId = views.get(primaries.get(shard)).myself().id();
        // Only the servers there now: a replaced server's old id may still be listed, failing.
        long listed =
            views.get(address).nodes().stream()
                .filter(node -> ids.contains(node.id()) && primaryId.equals(node.masterId()))
                .count();
        if (listed < shards.get(shard).size() - 1) {
          return waiting(address + " does not know every replica of shard " + shard + " yet");
        }
      }
    }
    // Redis Cluster leaves a replica out of CLUSTER SLOTS until it has synced: clients would
    // find no replica to read from.
    for (String address : all) {
      if (!views.get(address).linkUp()) {
        return waiting(address + " is still copying its primary's data");
      }
    }
    for (String address : all) {
      if (!views.get(address).stateOk()) {
        return waiting(address + " does not report cluster_state:ok yet");
      }
    }
    return new ClusterPlan(List.of(), true, null, List.copyOf(primaries));
  }

  /**
   * Whether a shard's servers hold nothing: each an empty primary or a replica of one of them. A
   * shard whose primary was lost has a replica of that primary's old id, which is about to take
   * over with the data: it must not be made a replica of an empty server.
   */
  private static boolean empty(List<String> pods, Map<String, View> views) {
    Set<String> own = new HashSet<>();
    pods.forEach(address -> own.add(views.get(address).myself().id()));
    return pods.stream()
        .map(address -> views.get(address).myself())
        .allMatch(self -> self.primary() ? !self.holdsSlots() : own.contains(self.masterId()));
  }

  /** The slot ranges no node holds, as {@code {from, to}}. */
  static List<int[]> unassigned(List<ClusterNode> nodes) {
    boolean[] held = new boolean[SLOTS];
    for (ClusterNode node : nodes) {
      for (int[] range : node.slots()) {
        for (int slot = range[0]; slot <= range[1]; slot++) {
          held[slot] = true;
        }
      }
    }
    List<int[]> free = new ArrayList<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      if (!held[slot]) {
        int from = slot;
        while (slot + 1 < SLOTS && !held[slot + 1]) {
          slot++;
        }
        free.add(new int[] {from, slot});
      }
    }
    return free;
  }

  private static ClusterPlan waiting(String why) {
    return new ClusterPlan(List.of(), false, why, List.of());
  }
}
