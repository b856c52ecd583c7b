package io.redisproxy.operator.cluster;

import io.redisproxy.operator.cluster.ClusterPlan.View;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The next step of spreading a formed Redis Cluster's slots evenly over the shards the spec asks
 * for: moving one slot at a time from a shard holding more than its share (all of it, for a shard
 * that goes) to one holding less, and at the end having the shards that go forgotten. Pure: it
 * reads what each server reports, so a move that was interrupted is finished from the open slot the
 * servers show ({@code [slot->-id]}, {@code [slot-<-id]}), never started over.
 *
 * @param step what to do now
 * @param slotsToMove how many slots are still to change shards, the open one included
 */
public record SlotMovePlan(Step step, int slotsToMove) {

  /** A server and its node id. */
  public record Endpoint(String address, String id) {}

  /** What to do now. */
  public sealed interface Step {}

  /** Nothing can be done until the servers report what {@code why} says. */
  public record Wait(String why) implements Step {}

  /**
   * Move {@code slot} from {@code source} to {@code target}: open it on the ends that do not show
   * it open yet, move its keys in batches, then assign it to the target on the target, the source
   * and {@code others}, in that order.
   *
   * @param importing whether the target must still be told {@code IMPORTING}
   * @param migrating whether the source must still be told {@code MIGRATING}
   * @param keepPrimary the servers of the source's shard when that shard goes: they are to stay its
   *     primary and replicas once it holds no slot, rather than follow the shard that took its last
   *     one (and copy all of its data just before they are removed); empty otherwise
   */
  public record Move(
      int slot,
      Endpoint source,
      Endpoint target,
      boolean importing,
      boolean migrating,
      List<String> keepPrimary,
      List<Endpoint> others)
      implements Step {}

  /** {@code CLUSTER FORGET id} on {@code address}: a node of a shard that goes. */
  public record Forget(String address, String id) {}

  /** Every slot is where it belongs; the servers of the shards that go are to be forgotten. */
  public record Forgetting(List<Forget> forgets) implements Step {}

  /** Every slot is where it belongs and no remaining server knows the shards that go. */
  public record Done() implements Step {}

  /**
   * @param shards each shard's server addresses: the shards kept first, then those that go
   * @param views what each address reports; formed by {@link ClusterPlan} for the shards kept
   * @param desired how many shards are to hold slots (the first {@code desired} of {@code shards})
   */
  public static SlotMovePlan next(List<List<String>> shards, Map<String, View> views, int desired) {
    // A server of a shard that goes may be gone already: what the others say of it counts then.
    for (List<String> pods : shards.subList(0, desired)) {
      for (String address : pods) {
        if (!views.containsKey(address)) {
          return new SlotMovePlan(new Wait("cannot reach " + address), -1);
        }
      }
    }
    // A shard that goes may have no primary left: its servers followed the one that took its
    // last slot. It holds nothing then.
    List<Endpoint> primaries = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int shard = 0; shard < shards.size(); shard++) {
      Optional<Endpoint> primary = primary(shards.get(shard), views);
      if (primary.isEmpty() && shard < desired) {
        return new SlotMovePlan(new Wait("shard " + shard + " has no primary"), -1);
      }
      primaries.add(primary.orElse(null));
      counts.add(primary.map(p -> views.get(p.address()).myself().slotCount()).orElse(0));
    }
    int toMove = 0;
    for (int shard = 0; shard < shards.size(); shard++) {
      toMove += Math.max(0, counts.get(shard) - share(shard, desired));
    }
    List<Endpoint> present = primaries.stream().filter(p -> p != null).toList();
    Optional<Move> open = openSlot(shards, views, primaries, present, desired);
    if (open.isPresent()) {
      return new SlotMovePlan(open.get(), Math.max(1, toMove));
    }
    if (toMove > 0) {
      return new SlotMovePlan(nextMove(shards, views, primaries, present, counts, desired), toMove);
    }
    if (shards.size() == desired) {
      return new SlotMovePlan(new Done(), 0);
    }
    // Every node the kept servers know besides themselves belongs to a shard that goes.
    List<String> kept = shards.subList(0, desired).stream().flatMap(List::stream).toList();
    Set<String> keptIds = new HashSet<>();
    kept.forEach(address -> keptIds.add(views.get(address).myself().id()));
    List<Forget> forgets = new ArrayList<>();
    for (String address : kept) {
      for (ClusterNode node : views.get(address).nodes()) {
        if (keptIds.contains(node.id())) {
          continue;
        }
        if (node.holdsSlots()) {
          return new SlotMovePlan(
              new Wait(
                  address + " sees slots on " + node.id() + ", a server that cannot be reached"),
              -1);
        }
        forgets.add(new Forget(address, node.id()));
      }
    }
    return new SlotMovePlan(forgets.isEmpty() ? new Done() : new Forgetting(forgets), 0);
  }

  /** How many slots shard {@code shard} holds when they are spread evenly over {@code desired}. */
  static int share(int shard, int desired) {
    if (shard >= desired) {
      return 0;
    }
    return ClusterPlan.SLOTS * (shard + 1) / desired - ClusterPlan.SLOTS * shard / desired;
  }

  /** A shard's primary: the one holding slots, else (a shard still empty) its first primary. */
  private static Optional<Endpoint> primary(List<String> pods, Map<String, View> views) {
    List<String> reached = pods.stream().filter(views::containsKey).toList();
    Optional<String> holding =
        reached.stream()
            .filter(a -> views.get(a).myself().primary() && views.get(a).myself().holdsSlots())
            .findFirst();
    Optional<String> primary =
        holding.isPresent()
            ? holding
            : reached.stream().filter(a -> views.get(a).myself().primary()).findFirst();
    return primary.map(a -> new Endpoint(a, views.get(a).myself().id()));
  }

  /**
   * The lowest slot some primary shows open, as the move that closes it: towards the node importing
   * it, or the node already holding it, or the node it was being moved to, or (when that node is
   * gone, its shard failed over) where the spread sends it.
   */
  private static Optional<Move> openSlot(
      List<List<String>> shards,
      Map<String, View> views,
      List<Endpoint> primaries,
      List<Endpoint> present,
      int desired) {
    TreeSet<Integer> open = new TreeSet<>();
    for (Endpoint primary : present) {
      ClusterNode self = views.get(primary.address()).myself();
      open.addAll(self.migrating().keySet());
      open.addAll(self.importing().keySet());
    }
    if (open.isEmpty()) {
      return Optional.empty();
    }
    int slot = open.first();
    Endpoint migrating = null;
    Endpoint importing = null;
    List<Endpoint> holders = new ArrayList<>();
    for (Endpoint primary : present) {
      ClusterNode self = views.get(primary.address()).myself();
      if (self.migrating().containsKey(slot)) {
        migrating = primary;
      }
      if (self.importing().containsKey(slot)) {
        importing = primary;
      }
      if (self.holds(slot)) {
        holders.add(primary);
      }
    }
    Endpoint source = migrating;
    if (source == null) {
      Endpoint taker = importing;
      source = holders.stream().filter(h -> !h.equals(taker)).findFirst().orElse(null);
    }
    if (source == null) {
      return Optional.empty();
    }
    Endpoint target = importing;
    if (target == null) {
      Endpoint giver = source;
      target = holders.stream().filter(h -> !h.equals(giver)).findFirst().orElse(null);
    }
    if (target == null && migrating != null) {
      String towards = views.get(migrating.address()).myself().migrating().get(slot);
      target = present.stream().filter(p -> p.id().equals(towards)).findFirst().orElse(null);
    }
    if (target == null) {
      target = receiver(views, primaries, desired, source);
    }
    boolean held = views.get(target.address()).myself().holds(slot);
    String towards =
        migrating == null ? null : views.get(migrating.address()).myself().migrating().get(slot);
    return Optional.of(
        new Move(
            slot,
            source,
            target,
            !held && !target.equals(importing),
            !held && !target.id().equals(towards),
            keepPrimary(shards, primaries, source, desired),
            others(present, source, target)));
  }

  /** The highest slot of the first shard holding more than its share, to the first short one. */
  private static Move nextMove(
      List<List<String>> shards,
      Map<String, View> views,
      List<Endpoint> primaries,
      List<Endpoint> present,
      List<Integer> counts,
      int desired) {
    int donor = 0;
    while (counts.get(donor) <= share(donor, desired)) {
      donor++;
    }
    Endpoint source = primaries.get(donor);
    List<int[]> ranges = views.get(source.address()).myself().slots();
    int slot = ranges.stream().mapToInt(range -> range[1]).max().orElseThrow();
    Endpoint target = receiver(views, primaries, desired, source);
    return new Move(
        slot,
        source,
        target,
        true,
        true,
        keepPrimary(shards, primaries, source, desired),
        others(present, source, target));
  }

  /** The first shard holding less than its share; {@code source}'s own never receives. */
  private static Endpoint receiver(
      Map<String, View> views, List<Endpoint> primaries, int desired, Endpoint source) {
    for (int shard = 0; shard < desired; shard++) {
      Endpoint primary = primaries.get(shard);
      if (!primary.equals(source)
          && views.get(primary.address()).myself().slotCount() < share(shard, desired)) {
        return primary;
      }
    }
    // Every shard kept holds its share: the slot goes to the first other, and moves on from there
    // if that one then holds more than its share.
    return primaries.get(0).equals(source) && desired > 1 ? primaries.get(1) : primaries.get(0);
  }

  private static List<String> keepPrimary(
      List<List<String>> shards, List<Endpoint> primaries, Endpoint source, int desired) {
    int shard = primaries.indexOf(source);
    return shard >= desired ? shards.get(shard) : List.of();
  }

  private static List<Endpoint> others(List<Endpoint> primaries, Endpoint source, Endpoint target) {
    return primaries.stream().filter(p -> !p.equals(source) && !p.equals(target)).toList();
  }
}
