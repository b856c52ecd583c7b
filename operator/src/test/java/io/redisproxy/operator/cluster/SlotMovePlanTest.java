package io.redisproxy.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.cluster.ClusterPlan.View;
import io.redisproxy.operator.cluster.SlotMovePlan.Done;
import io.redisproxy.operator.cluster.SlotMovePlan.Endpoint;
import io.redisproxy.operator.cluster.SlotMovePlan.Forget;
import io.redisproxy.operator.cluster.SlotMovePlan.Forgetting;
import io.redisproxy.operator.cluster.SlotMovePlan.Move;
import io.redisproxy.operator.cluster.SlotMovePlan.Wait;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SlotMovePlanTest {

  /** A cluster as its servers would report it: shards of a primary and a replica. */
  private static final class Cluster {
    final List<List<String>> shards = new ArrayList<>();
    final Map<String, String> ids = new LinkedHashMap<>();
    final Map<String, String> masters = new HashMap<>();
    final Map<String, TreeSet<Integer>> slots = new HashMap<>();
    final Map<String, Map<Integer, String>> migrating = new HashMap<>();
    final Map<String, Map<Integer, String>> importing = new HashMap<>();
    final Map<String, List<String>> forgotten = new HashMap<>();

    /** Each node's slots as CLUSTER NODES writes them, kept until they change. */
    private final Map<String, String> ranges = new HashMap<>();

    /** {@code shards} shards, the first {@code holding} of them holding the slots evenly. */
    static Cluster of(int shards, int holding) {
      Cluster cluster = new Cluster();
      for (int shard = 0; shard < shards; shard++) {
        String primary = "10.0.0." + shard + ":6379";
        String replica = "10.0.1." + shard + ":6379";
        cluster.shards.add(List.of(primary, replica));
        cluster.ids.put(primary, "p" + shard);
        cluster.ids.put(replica, "r" + shard);
        cluster.masters.put(replica, "p" + shard);
        TreeSet<Integer> held = new TreeSet<>();
        if (shard < holding) {
          for (int slot = ClusterPlan.SLOTS * shard / holding;
              slot < ClusterPlan.SLOTS * (shard + 1) / holding;
              slot++) {
            held.add(slot);
          }
        }
        cluster.slots.put(primary, held);
        cluster.migrating.put(primary, new TreeMap<>());
        cluster.importing.put(primary, new TreeMap<>());
        cluster.forgotten.put(primary, new ArrayList<>());
        cluster.forgotten.put(replica, new ArrayList<>());
      }
      return cluster;
    }

    String primary(int shard) {
      return shards.get(shard).get(0);
    }

    String id(int shard) {
      return ids.get(primary(shard));
    }

    Endpoint endpoint(int shard) {
      return new Endpoint(primary(shard), id(shard));
    }

    Map<String, View> views() {
      Map<String, View> views = new HashMap<>();
      for (String address : ids.keySet()) {
        StringBuilder reply = new StringBuilder();
        for (Map.Entry<String, String> node : ids.entrySet()) {
          if (forgotten.get(address).contains(node.getValue())) {
            continue;
          }
          boolean myself = node.getKey().equals(address);
          String master = masters.get(node.getKey());
          reply
              .append(node.getValue())
              .append(' ')
              .append(node.getKey())
              .append("@16379 ")
              .append(myself ? "myself," : "")
              .append(master == null ? "master - " : "slave " + master + " ")
              .append("0 0 1 connected");
          reply.append(
              ranges.computeIfAbsent(
                  node.getKey(), a -> ranges(slots.getOrDefault(a, new TreeSet<>()))));
          if (myself && master == null) {
            migrating.get(address).forEach((s, to) -> reply.append(" [" + s + "->-" + to + "]"));
            importing
                .get(address)
                .forEach((s, from) -> reply.append(" [" + s + "-<-" + from + "]"));
          }
          reply.append('\n');
        }
        views.put(address, View.parse(reply.toString(), "cluster_state:ok", "role:master"));
      }
      return views;
    }

    private static String ranges(TreeSet<Integer> held) {
      StringBuilder reply = new StringBuilder();
      Integer from = null;
      Integer to = null;
      for (int slot : held) {
        if (to != null && slot == to + 1) {
          to = slot;
          continue;
        }
        if (from != null) {
          reply.append(' ').append(from).append('-').append(to);
        }
        from = slot;
        to = slot;
      }
      if (from != null) {
        reply.append(' ').append(from).append('-').append(to);
      }
      return reply.toString();
    }

    /** What the mover does for {@code move}, all of it. */
    void apply(Move move) {
      String source = move.source().address();
      String target = move.target().address();
      slots.get(source).remove(move.slot());
      slots.get(target).add(move.slot());
      ranges.remove(source);
      ranges.remove(target);
      migrating.get(source).remove(move.slot());
      importing.get(target).remove(move.slot());
    }

    void apply(Forgetting forgetting) {
      for (Forget forget : forgetting.forgets()) {
        forgotten.get(forget.address()).add(forget.id());
      }
    }

    int count(int shard) {
      return slots.get(primary(shard)).size();
    }
  }

  /** Drives the plan to its end as the mover does; how many slots it moved. */
  private static int drive(Cluster cluster, int desired) {
    int moved = 0;
    for (int round = 0; round < 2 * ClusterPlan.SLOTS; round++) {
      SlotMovePlan plan = SlotMovePlan.next(cluster.shards, cluster.views(), desired);
      if (plan.step() instanceof Done) {
        return moved;
      } else if (plan.step() instanceof Forgetting forgetting) {
        cluster.apply(forgetting);
      } else {
        assertThat(plan.step()).isInstanceOf(Move.class);
        cluster.apply((Move) plan.step());
        moved++;
      }
    }
    throw new AssertionError("the plan did not end");
  }

  @Test
  void anEvenClusterOfTheDesiredSizeHasNothingToMove() {
    SlotMovePlan plan = SlotMovePlan.next(Cluster.of(3, 3).shards, Cluster.of(3, 3).views(), 3);

    assertThat(plan).isEqualTo(new SlotMovePlan(new Done(), 0));
  }

  @Test
  void growingMovesTheHighestSlotOfTheFirstShardWithTooManyToTheFirstWithTooFew() {
    Cluster cluster = Cluster.of(5, 3);

    SlotMovePlan plan = SlotMovePlan.next(cluster.shards, cluster.views(), 5);

    assertThat(plan.step())
        .isEqualTo(
            new Move(
                5460,
                cluster.endpoint(0),
                cluster.endpoint(3),
                true,
                true,
                List.of(),
                List.of(cluster.endpoint(1), cluster.endpoint(2), cluster.endpoint(4))));
    // Each of the three gives what it holds past its fifth: 5461 - 3277, 5461 - 3277, 5462 - 3276.
    assertThat(plan.slotsToMove()).isEqualTo(2184 + 2184 + 2186);
  }

  @Test
  void growingEndsWithEveryShardHoldingItsShareHavingMovedEachSlotOnce() {
    Cluster cluster = Cluster.of(5, 3);
    int toMove = SlotMovePlan.next(cluster.shards, cluster.views(), 5).slotsToMove();

    assertThat(drive(cluster, 5)).isEqualTo(toMove);

    for (int shard = 0; shard < 5; shard++) {
      assertThat(cluster.count(shard))
          .isEqualTo(SlotMovePlan.share(shard, 5))
          .isBetween(3276, 3277);
    }
  }

  @Test
  void shrinkingEmptiesTheShardsThatGoThenHasTheKeptServersForgetThem() {
    Cluster cluster = Cluster.of(5, 5);

    SlotMovePlan first = SlotMovePlan.next(cluster.shards, cluster.views(), 2);

    Move move = (Move) first.step();
    assertThat(move.source()).isEqualTo(cluster.endpoint(2));
    assertThat(move.target()).isEqualTo(cluster.endpoint(0));
    assertThat(move.keepPrimary()).isEqualTo(cluster.shards.get(2));
    assertThat(first.slotsToMove()).isEqualTo(3 * 3277);

    assertThat(drive(cluster, 2)).isEqualTo(3 * 3277);
    assertThat(cluster.count(0)).isEqualTo(8192);
    assertThat(cluster.count(1)).isEqualTo(8192);
    for (int shard = 2; shard < 5; shard++) {
      assertThat(cluster.count(shard)).isZero();
      for (int kept = 0; kept < 2; kept++) {
        for (String address : cluster.shards.get(kept)) {
          assertThat(cluster.forgotten.get(address)).contains(cluster.id(shard), "r" + shard);
        }
      }
    }
  }

  @Test
  void theServersOfAShardThatGoesAreForgottenByEveryKeptServer() {
    Cluster cluster = Cluster.of(3, 2);

    SlotMovePlan plan = SlotMovePlan.next(cluster.shards, cluster.views(), 2);

    assertThat(plan.step())
        .isEqualTo(
            new Forgetting(
                List.of(
                    new Forget(cluster.primary(0), "p2"),
                    new Forget(cluster.primary(0), "r2"),
                    new Forget(cluster.shards.get(0).get(1), "p2"),
                    new Forget(cluster.shards.get(0).get(1), "r2"),
                    new Forget(cluster.primary(1), "p2"),
                    new Forget(cluster.primary(1), "r2"),
                    new Forget(cluster.shards.get(1).get(1), "p2"),
                    new Forget(cluster.shards.get(1).get(1), "r2"))));
    assertThat(plan.slotsToMove()).isZero();
  }

  @Test
  void aShardThatGoesIsDoneOnceTheKeptServersForgotItEvenWhenItsServersAreGone() {
    // Its StatefulSet is being deleted: its servers no longer answer.
    Cluster cluster = Cluster.of(3, 2);
    cluster.shards.get(0).forEach(a -> cluster.forgotten.get(a).addAll(List.of("p2", "r2")));
    cluster.shards.get(1).forEach(a -> cluster.forgotten.get(a).addAll(List.of("p2", "r2")));
    Map<String, View> views = cluster.views();
    cluster.shards.get(2).forEach(views::remove);

    assertThat(SlotMovePlan.next(cluster.shards, views, 2).step()).isEqualTo(new Done());
  }

  @Test
  void aShardThatGoesAndCannotBeReachedWhileItHoldsSlotsStopsTheMove() {
    Cluster cluster = Cluster.of(3, 3);
    Map<String, View> views = cluster.views();
    cluster.shards.get(2).forEach(views::remove);

    assertThat(SlotMovePlan.next(cluster.shards, views, 2).step())
        .isEqualTo(
            new Wait(cluster.primary(0) + " sees slots on p2, a server that cannot be reached"));
  }

  @Test
  void aShardThatGoesWhoseServersFollowAnotherShardHoldsNothing() {
    // Its primary lost its last slot and, as Redis Cluster does by default, became a replica.
    Cluster cluster = Cluster.of(3, 2);
    cluster.masters.put(cluster.primary(2), "p0");
    cluster.masters.put(cluster.shards.get(2).get(1), "p0");

    SlotMovePlan plan = SlotMovePlan.next(cluster.shards, cluster.views(), 2);

    assertThat(plan.step()).isInstanceOf(Forgetting.class);
  }

  @Test
  void aSlotOpenOnlyOnTheTargetIsOpenedOnItsHolderAndMovedThere() {
    // The mover stopped between IMPORTING and MIGRATING.
    Cluster cluster = Cluster.of(5, 3);
    cluster.importing.get(cluster.primary(4)).put(100, "p0");

    Move move = (Move) SlotMovePlan.next(cluster.shards, cluster.views(), 5).step();

    assertThat(move.slot()).isEqualTo(100);
    assertThat(move.source()).isEqualTo(cluster.endpoint(0));
    assertThat(move.target()).isEqualTo(cluster.endpoint(4));
    assertThat(move.importing()).isFalse();
    assertThat(move.migrating()).isTrue();
  }

  @Test
  void aSlotOpenOnBothEndsGoesOnMovingKeysWithoutOpeningAgain() {
    Cluster cluster = Cluster.of(5, 3);
    cluster.importing.get(cluster.primary(3)).put(7000, "p1");
    cluster.migrating.get(cluster.primary(1)).put(7000, "p3");
    cluster.importing.get(cluster.primary(4)).put(9000, "p1");

    Move move = (Move) SlotMovePlan.next(cluster.shards, cluster.views(), 5).step();

    assertThat(move)
        .isEqualTo(
            new Move(
                7000,
                cluster.endpoint(1),
                cluster.endpoint(3),
                false,
                false,
                List.of(),
                List.of(cluster.endpoint(0), cluster.endpoint(2), cluster.endpoint(4))));
  }

  @Test
  void aSlotTheTargetAlreadyHoldsIsClosedOnTheSourceAndTheOthers() {
    // The mover stopped after SETSLOT NODE on the target, before the source.
    Cluster cluster = Cluster.of(5, 3);
    cluster.migrating.get(cluster.primary(0)).put(5460, "p3");
    cluster.slots.get(cluster.primary(3)).add(5460);

    Move move = (Move) SlotMovePlan.next(cluster.shards, cluster.views(), 5).step();

    assertThat(move.slot()).isEqualTo(5460);
    assertThat(move.source()).isEqualTo(cluster.endpoint(0));
    assertThat(move.target()).isEqualTo(cluster.endpoint(3));
    assertThat(move.importing()).isFalse();
    assertThat(move.migrating()).isFalse();
  }

  @Test
  void aSlotOpenOnlyOnTheSourceIsOpenedOnItsTarget() {
    // The target was restarted and lost its half of the open slot.
    Cluster cluster = Cluster.of(5, 3);
    cluster.migrating.get(cluster.primary(2)).put(12000, "p4");

    Move move = (Move) SlotMovePlan.next(cluster.shards, cluster.views(), 5).step();

    assertThat(move.source()).isEqualTo(cluster.endpoint(2));
    assertThat(move.target()).isEqualTo(cluster.endpoint(4));
    assertThat(move.importing()).isTrue();
    assertThat(move.migrating()).isFalse();
  }

  @Test
  void aSlotOpenTowardsANodeThatIsGoneGoesWhereTheSpreadSendsIt() {
    // The target failed over to its replica, which knows nothing of the open slot.
    Cluster cluster = Cluster.of(5, 3);
    cluster.migrating.get(cluster.primary(0)).put(5460, "vanished");

    Move move = (Move) SlotMovePlan.next(cluster.shards, cluster.views(), 5).step();

    assertThat(move.target()).isEqualTo(cluster.endpoint(3));
    assertThat(move.importing()).isTrue();
    assertThat(move.migrating()).isTrue();
  }

  @Test
  void anOpenSlotIsFinishedBeforeAChangedShardCountIsFollowed() {
    // A move to five shards was under way when the spec asked for two.
    Cluster cluster = Cluster.of(5, 3);
    cluster.importing.get(cluster.primary(3)).put(5460, "p0");
    cluster.migrating.get(cluster.primary(0)).put(5460, "p3");

    SlotMovePlan plan = SlotMovePlan.next(cluster.shards, cluster.views(), 2);

    Move move = (Move) plan.step();
    assertThat(move.slot()).isEqualTo(5460);
    assertThat(move.target()).isEqualTo(cluster.endpoint(3));
    cluster.apply(move);
    Move next = (Move) SlotMovePlan.next(cluster.shards, cluster.views(), 2).step();
    assertThat(next.source()).isEqualTo(cluster.endpoint(2));
  }

  @Test
  void aServerThatCannotBeReachedStopsTheMove() {
    Cluster cluster = Cluster.of(3, 3);
    Map<String, View> views = cluster.views();
    views.remove(cluster.shards.get(1).get(1));

    SlotMovePlan plan = SlotMovePlan.next(cluster.shards, views, 2);

    assertThat(plan.step()).isEqualTo(new Wait("cannot reach 10.0.1.1:6379"));
  }

  @Test
  void openSlotsAreReadFromTheNodesOwnLine() {
    List<ClusterNode> nodes =
        ClusterNode.parse(
            "a 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-5 [6->-b] [7-<-c]\n");

    assertThat(nodes.get(0).migrating()).isEqualTo(Map.of(6, "b"));
    assertThat(nodes.get(0).importing()).isEqualTo(Map.of(7, "c"));
    assertThat(nodes.get(0).slotCount()).isEqualTo(6);
  }
}
