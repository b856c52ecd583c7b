package io.redisproxy.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.rollout.RolloutPlan.Done;
import io.redisproxy.operator.rollout.RolloutPlan.Expect;
import io.redisproxy.operator.rollout.RolloutPlan.HandOver;
import io.redisproxy.operator.rollout.RolloutPlan.Pod;
import io.redisproxy.operator.rollout.RolloutPlan.Restart;
import io.redisproxy.operator.rollout.RolloutPlan.Shard;
import io.redisproxy.operator.rollout.RolloutPlan.Step;
import io.redisproxy.operator.rollout.RolloutPlan.Wait;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {
  /**
   * Shards of pods named {@code s<shard>-<ordinal>}, all at revision {@code old} and ready, with
   * pod 0 primary; the StatefulSets want revision {@code new}. Steps are applied the way the
   * StatefulSet controller and the sentinels would carry them out.
   */
  private static final class Topology {
    final int shards;
    final int pods;
    final Map<String, String> revisions = new LinkedHashMap<>();
    final Map<String, Boolean> ready = new LinkedHashMap<>();
    final Map<Integer, String> primaries = new LinkedHashMap<>();

    Topology(int shards, int pods) {
      this.shards = shards;
      this.pods = pods;
      for (int shard = 0; shard < shards; shard++) {
        primaries.put(shard, pod(shard, 0));
        for (int ordinal = 0; ordinal < pods; ordinal++) {
          revisions.put(pod(shard, ordinal), "old");
          ready.put(pod(shard, ordinal), true);
        }
      }
    }

    static String pod(int shard, int ordinal) {
      return "s" + shard + "-" + ordinal;
    }

    List<Shard> observe() {
      List<Shard> observed = new ArrayList<>();
      for (int shard = 0; shard < shards; shard++) {
        List<Pod> list = new ArrayList<>();
        for (int ordinal = 0; ordinal < pods; ordinal++) {
          String name = pod(shard, ordinal);
          list.add(new Pod(name, ordinal, revisions.get(name), ready.get(name), false));
        }
        observed.add(new Shard("shard-" + shard, "new", pods, list, primaries.get(shard)));
      }
      return observed;
    }

    /** Applies a step; returns it. A restarted pod comes back at {@code new}, not ready yet. */
    Step apply(Step step) {
      if (step instanceof Restart restart) {
        revisions.put(restart.pod(), "new");
        ready.put(restart.pod(), false);
      } else if (step instanceof HandOver handOver) {
        primaries.put(shardOf(handOver.primary()), handOver.replicas().get(0));
      } else if (step instanceof Wait) {
        // The restarted pod becomes ready.
        ready.replaceAll((pod, isReady) -> true);
      }
      return step;
    }

    static int shardOf(String pod) {
      return Integer.parseInt(pod.substring(1, pod.indexOf('-')));
    }
  }

  /** Every step of a whole rollout, until it is done. */
  private static List<Step> rollOut(Topology topology) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Step step = RolloutPlan.next(topology.observe());
      if (step instanceof Done) {
        return steps;
      }
      steps.add(topology.apply(step));
    }
    throw new AssertionError("no end: " + steps);
  }

  @Test
  void eachShardRestartsItsReplicasThenHandsItsPrimaryOverBeforeRestartingIt() {
    List<Step> steps = rollOut(new Topology(2, 3));

    assertThat(steps.stream().filter(s -> !(s instanceof Wait)).toList())
        .containsExactly(
            new Restart("shard-0", "s0-2", Expect.REPLICA, "a replica"),
            new Restart("shard-0", "s0-1", Expect.REPLICA, "a replica"),
            new HandOver("shard-0", "s0-0", List.of("s0-1", "s0-2")),
            new Restart("shard-0", "s0-0", Expect.REPLICA, "a replica"),
            new Restart("shard-1", "s1-2", Expect.REPLICA, "a replica"),
            new Restart("shard-1", "s1-1", Expect.REPLICA, "a replica"),
            new HandOver("shard-1", "s1-0", List.of("s1-1", "s1-2")),
            new Restart("shard-1", "s1-0", Expect.REPLICA, "a replica"));
  }

  @Test
  void everyRestartWaitsForThePreviousPodToBeReady() {
    List<Step> steps = rollOut(new Topology(2, 2));

    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof Restart restart && i + 1 < steps.size()) {
        assertThat(steps.get(i + 1))
            .as("after restarting %s", restart.pod())
            .isEqualTo(new Wait(restart.shard(), restart.pod() + " to be ready"));
      }
    }
  }

  @Test
  void aShardOfOnePodIsRestartedAsItIs() {
    List<Step> steps = rollOut(new Topology(2, 1));

    assertThat(steps.stream().filter(s -> !(s instanceof Wait)).toList())
        .containsExactly(
            new Restart("shard-0", "s0-0", Expect.ONLY_POD, "the shard's only pod"),
            new Restart("shard-1", "s1-0", Expect.ONLY_POD, "the shard's only pod"));
  }

  @Test
  void nothingIsRestartedWhileAnotherShardHasAPodDown() {
    Topology topology = new Topology(2, 2);
    topology.ready.put("s1-1", false);
    topology.revisions.put("s1-1", "new");

    assertThat(RolloutPlan.next(topology.observe()))
        .isEqualTo(new Wait("shard-1", "s1-1 to be ready"));
  }

  @Test
  void aReplicaDownAtThePreviousSpecIsReplacedFirst() {
    // The previous spec broke it: restarting it is how the fix reaches it.
    Topology topology = new Topology(2, 3);
    topology.ready.put("s1-1", false);

    assertThat(RolloutPlan.next(topology.observe()))
        .isEqualTo(
            new Restart("shard-1", "s1-1", Expect.DOWN_REPLICA, "not ready at the previous spec"));
  }

  @Test
  void aShardsOnlyPodDownAtThePreviousSpecIsReplaced() {
    Topology topology = new Topology(2, 1);
    topology.ready.put("s1-0", false);

    assertThat(RolloutPlan.next(topology.observe()))
        .isEqualTo(
            new Restart("shard-1", "s1-0", Expect.ONLY_POD, "not ready at the previous spec"));
  }

  @Test
  void aPodDownAtTheCurrentSpecStopsTheRollout() {
    // A bad spec takes down one pod, not the topology.
    Topology topology = new Topology(2, 3);
    topology.revisions.put("s0-2", "new");
    topology.ready.put("s0-2", false);

    for (int i = 0; i < 3; i++) {
      assertThat(RolloutPlan.next(topology.observe()))
          .isEqualTo(new Wait("shard-0", "s0-2 to be ready"));
    }
  }

  @Test
  void aPrimaryDownIsLeftToTheSentinels() {
    Topology topology = new Topology(1, 2);
    topology.ready.put("s0-0", false);

    assertThat(RolloutPlan.next(topology.observe()))
        .isEqualTo(new Wait("shard-0", "s0-0 to be ready"));
  }

  @Test
  void anUnknownPrimaryStopsTheRolloutOfItsShard() {
    Topology topology = new Topology(1, 2);
    topology.primaries.put(0, null);

    assertThat(RolloutPlan.next(topology.observe()))
        .isEqualTo(new Wait("shard-0", "its primary to be known"));
  }

  @Test
  void aPrimaryThatMovedDuringTheRolloutIsRestartedLastAsAReplica() {
    Topology topology = new Topology(1, 3);
    topology.primaries.put(0, "s0-2");

    List<Step> steps = rollOut(topology);

    assertThat(steps.stream().filter(s -> !(s instanceof Wait)).toList())
        .containsExactly(
            new Restart("shard-0", "s0-1", Expect.REPLICA, "a replica"),
            new Restart("shard-0", "s0-0", Expect.REPLICA, "a replica"),
            new HandOver("shard-0", "s0-2", List.of("s0-0", "s0-1")),
            new Restart("shard-0", "s0-2", Expect.REPLICA, "a replica"));
  }

  @Test
  void aPodBeingReplacedOrMissingIsWaitedFor() {
    List<Pod> pods =
        List.of(new Pod("s0-0", 0, "old", true, false), new Pod("s0-1", 1, "old", true, true));
    assertThat(RolloutPlan.next(List.of(new Shard("shard-0", "new", 3, pods, "s0-0"))))
        .isEqualTo(new Wait("shard-0", "s0-1 to be replaced"));
    assertThat(
            RolloutPlan.next(List.of(new Shard("shard-0", "new", 3, List.of(pods.get(0)), "s0-0"))))
        .isEqualTo(new Wait("shard-0", "its pods to be created"));
  }

  @Test
  void aStatefulSetWithoutAnUpdateRevisionIsWaitedFor() {
    List<Pod> pods = List.of(new Pod("s0-0", 0, "old", true, false));
    assertThat(RolloutPlan.next(List.of(new Shard("shard-0", null, 1, pods, "s0-0"))))
        .isEqualTo(new Wait("shard-0", "its StatefulSet to take the current spec"));
  }

  @Test
  void aTopologyAtItsUpdateRevisionIsDone() {
    Topology topology = new Topology(2, 2);
    topology.revisions.replaceAll((pod, revision) -> "new");

    assertThat(RolloutPlan.next(topology.observe())).isEqualTo(new Done());
  }
}
