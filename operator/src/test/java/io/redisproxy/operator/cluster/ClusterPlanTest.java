package io.redisproxy.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.cluster.ClusterPlan.View;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterPlanTest {
  private static final String A = "127.0.0.1:7001";
  private static final String B = "127.0.0.1:7002";
  private static final String C = "127.0.0.1:7003";
  private static final String D = "127.0.0.1:7004";
  private static final List<List<String>> SHARDS = List.of(List.of(A, B), List.of(C, D));

  private static View view(boolean replica, String... lines) {
    return View.parse(
        String.join("\n", lines) + "\n",
        "cluster_state:ok\r\n",
        replica ? "role:slave\r\nmaster_link_status:up\r\n" : "role:master\r\n");
  }

  /** Every server's view, with {@code aSeesB} as the primary of shard 0 sees its new replica. */
  private static Map<String, View> views(String aSeesB) {
    return Map.of(
        A,
        view(
            false,
            "a " + A + "@17001 myself,master - 0 0 1 connected 0-8191",
            aSeesB,
            // The replica's id before it was replaced: not yet marked failing.
            "old " + B + "@17002 slave a 0 0 1 disconnected",
            "c " + C + "@17003 master - 0 0 2 connected 8192-16383",
            "d " + D + "@17004 slave c 0 0 2 connected"),
        B,
        view(
            true,
            "b " + B + "@17002 myself,slave a 0 0 1 connected",
            "a " + A + "@17001 master - 0 0 1 connected 0-8191",
            "c " + C + "@17003 master - 0 0 2 connected 8192-16383",
            "d " + D + "@17004 slave c 0 0 2 connected"),
        C,
        view(
            false,
            "c " + C + "@17003 myself,master - 0 0 2 connected 8192-16383",
            "a " + A + "@17001 master - 0 0 1 connected 0-8191",
            "b " + B + "@17002 slave a 0 0 1 connected",
            "d " + D + "@17004 slave c 0 0 2 connected"),
        D,
        view(
            true,
            "d " + D + "@17004 myself,slave c 0 0 2 connected",
            "a " + A + "@17001 master - 0 0 1 connected 0-8191",
            "b " + B + "@17002 slave a 0 0 1 connected",
            "c " + C + "@17003 master - 0 0 2 connected 8192-16383"));
  }

  @Test
  void aReplacedReplicasOldIdDoesNotCountAsTheNewReplica() {
    // The primary has met the new server but not yet learned that it replicates it: a manual
    // failover to it now would not be heard.
    ClusterPlan plan =
        ClusterPlan.next(SHARDS, views("b " + B + "@17002 master - 0 0 0 connected"));

    assertThat(plan.formed()).isFalse();
    assertThat(plan.waitingFor()).isEqualTo(A + " does not know every replica of shard 0 yet");
  }

  @Test
  void everyServerThatListsAReplacedOneForgetsIt() {
    // A, itself replaced, never knew the old id of B that C still lists as failed.
    Map<String, View> views =
        new java.util.HashMap<>(views("b " + B + "@17002 slave a 0 0 1 connected"));
    views.put(
        A,
        view(
            false,
            "a " + A + "@17001 myself,master - 0 0 1 connected 0-8191",
            "b " + B + "@17002 slave a 0 0 1 connected",
            "c " + C + "@17003 master - 0 0 2 connected 8192-16383",
            "d " + D + "@17004 slave c 0 0 2 connected"));
    views.put(
        C,
        view(
            false,
            "c " + C + "@17003 myself,master - 0 0 2 connected 8192-16383",
            "a " + A + "@17001 master - 0 0 1 connected 0-8191",
            "b " + B + "@17002 slave a 0 0 1 connected",
            "gone " + B + "@17002 slave,fail a 0 0 1 disconnected",
            "d " + D + "@17004 slave c 0 0 2 connected"));

    ClusterPlan plan = ClusterPlan.next(SHARDS, views);

    assertThat(plan.formed()).isFalse();
    assertThat(plan.actions()).containsExactly(new ClusterPlan.Forget(C, "gone"));
  }

  @Test
  void onceThePrimaryKnowsItsNewReplicaTheClusterIsFormed() {
    ClusterPlan plan = ClusterPlan.next(SHARDS, views("b " + B + "@17002 slave a 0 0 1 connected"));

    assertThat(plan.formed()).as(plan.waitingFor()).isTrue();
    assertThat(plan.primaries()).containsExactly(A, C);
  }

  private static final String E = "127.0.0.1:7005";
  private static final String F = "127.0.0.1:7006";

  private static final List<List<String>> THREE =
      List.of(List.of(A, B), List.of(C, D), List.of(E, F));

  /**
   * Every server of {@link #THREE} seeing {@code lines}, each server's own line (found by its id in
   * {@code ids}, in the order of A to F) marked as its own; shard 2 is new and empty.
   */
  private static Map<String, View> seeingAll(List<String> ids, String... lines) {
    List<String> servers = List.of(A, B, C, D, E, F);
    Map<String, View> views = new java.util.HashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      String own = ids.get(i) + " ";
      String[] seen =
          java.util.Arrays.stream(lines)
              .map(
                  line ->
                      line.startsWith(own) ? line.replaceFirst("@(\\d+) ", "@$1 myself,") : line)
              .toArray(String[]::new);
      views.put(
          servers.get(i),
          view(java.util.Arrays.stream(seen).anyMatch(l -> l.contains("myself,slave")), seen));
    }
    return views;
  }

  @Test
  void aShardAddedToARunningClusterGetsItsReplicasWhileItsPrimaryWaitsEmptyForSlots() {
    Map<String, View> views =
        seeingAll(
            List.of("a", "b", "c", "d", "e", "f"),
            "a " + A + "@17001 master - 0 0 1 connected 0-8191",
            "b " + B + "@17002 slave a 0 0 1 connected",
            "c " + C + "@17003 master - 0 0 2 connected 8192-16383",
            "d " + D + "@17004 slave c 0 0 2 connected",
            "e " + E + "@17005 master - 0 0 0 connected",
            "f " + F + "@17006 master - 0 0 0 connected");

    ClusterPlan plan = ClusterPlan.next(THREE, views);

    assertThat(plan.actions()).containsExactly(new ClusterPlan.Replicate(F, "e"));
  }

  @Test
  void aShardWhosePrimaryCameBackEmptyWaitsForItsReplicaToTakeOver() {
    // The primary's pod came back without its data under a new id; its replica still follows the
    // old id, which holds the slots: it must take over, not become a replica of the empty server.
    Map<String, View> views =
        seeingAll(
            List.of("a2", "b", "c", "d", "e", "f"),
            "a2 " + A + "@17001 master - 0 0 3 connected",
            "b " + B + "@17002 slave a 0 0 1 connected",
            "a " + A + "@17001 master,fail - 0 0 1 disconnected 0-8191",
            "c " + C + "@17003 master - 0 0 2 connected 8192-16383",
            "d " + D + "@17004 slave c 0 0 2 connected",
            "e " + E + "@17005 master - 0 0 0 connected",
            "f " + F + "@17006 master - 0 0 0 connected");

    ClusterPlan plan = ClusterPlan.next(THREE, views);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.waitingFor()).isEqualTo("shard 0 has no primary");
  }
}
