package io.redisproxy.proxy.route;

import static io.redisproxy.proxy.upstream.TestNodes.connect;
import static io.redisproxy.proxy.upstream.TestNodes.disconnect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.TestNodes;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which node of a shard each read policy picks, as nodes come and go and links break. */
class ReadRoutingTest {
  private static final int PICKS = 200;

  private final boolean[] linkUp = {true, true, true};
  private final ReadRouting routing = new ReadRouting(replica -> linkUp[replica.id()]);
  private Node primary;
  private Node replicaA;
  private Node replicaB;

  @BeforeEach
  void nodes() {
    primary = TestNodes.node(0, 7000);
    replicaA = TestNodes.node(1, 7001);
    replicaB = TestNodes.node(2, 7002);
    connect(primary);
    connect(replicaA);
    connect(replicaB);
  }

  @ParameterizedTest
  @EnumSource(ReadPolicy.class)
  void writesGoToThePrimaryEvenWhenItIsDown(ReadPolicy policy) {
    Shard shard = shard(policy);
    assertThat(picks(shard, true)).containsOnly(primary);
    disconnect(primary);
    assertThat(picks(shard, true)).containsOnly(primary);
  }

  @Test
  void primaryReadsOnlyThePrimary() {
    Shard shard = shard(ReadPolicy.PRIMARY);
    assertThat(picks(shard, false)).containsOnly(primary);
    disconnect(primary);
    assertThat(picks(shard, false)).containsOnly(primary);
  }

  @Test
  void preferPrimaryFallsBackToReplicasWhileThePrimaryIsDown() {
    Shard shard = shard(ReadPolicy.PREFER_PRIMARY);
    assertThat(picks(shard, false)).containsOnly(primary);

    disconnect(primary);
    assertThat(picks(shard, false)).containsOnly(replicaA, replicaB);

    linkUp[1] = false;
    assertThat(picks(shard, false)).containsOnly(replicaB);

    linkUp[2] = false;
    assertThat(picks(shard, false)).as("the last copy left").containsOnly(replicaA);

    disconnect(replicaA);
    disconnect(replicaB);
    assertThat(picks(shard, false)).containsOnly(primary);
  }

  @Test
  void replicaSpreadsOverFitReplicasAndGivesUpWithoutOne() {
    Shard shard = shard(ReadPolicy.REPLICA);
    assertThat(picks(shard, false)).containsOnly(replicaA, replicaB);

    disconnect(replicaA);
    assertThat(picks(shard, false)).containsOnly(replicaB);

    linkUp[2] = false;
    assertThat(routing.nodeFor(shard, false)).isNull();

    connect(replicaA);
    assertThat(picks(shard, false)).containsOnly(replicaA);
  }

  @Test
  void preferReplicaFallsBackToThePrimaryThenToAStaleReplica() {
    Shard shard = shard(ReadPolicy.PREFER_REPLICA);
    assertThat(picks(shard, false)).containsOnly(replicaA, replicaB);

    linkUp[1] = false;
    disconnect(replicaB);
    assertThat(picks(shard, false)).containsOnly(primary);

    disconnect(primary);
    assertThat(picks(shard, false)).as("the last copy left").containsOnly(replicaA);
  }

  @Test
  void anySpreadsOverThePrimaryAndFitReplicas() {
    Shard shard = shard(ReadPolicy.ANY);
    assertThat(picks(shard, false)).containsOnly(primary, replicaA, replicaB);

    linkUp[2] = false;
    assertThat(picks(shard, false)).containsOnly(primary, replicaA);

    disconnect(primary);
    disconnect(replicaA);
    assertThat(picks(shard, false)).as("the last copy left").containsOnly(replicaB);
  }

  @ParameterizedTest
  @EnumSource(ReadPolicy.class)
  void pickingANodeAllocatesNothing(ReadPolicy policy) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean counter
            && counter.isThreadAllocatedMemorySupported(),
        "this JVM cannot count allocated bytes per thread");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    Shard shard = shard(policy);
    linkUp[1] = false;
    int rounds = 20_000;
    // Warm up, so that what the JIT does once is mostly over before counting starts.
    long checksum = pickMany(shard, rounds);
    long before = threads.getCurrentThreadAllocatedBytes();
    checksum += pickMany(shard, rounds);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(checksum).isPositive();
    // Any object made per pick costs at least 16 bytes; the JIT may allocate a few once.
    assertThat(allocated).as("bytes allocated by %d picks", rounds).isLessThan(rounds);
  }

  private Shard shard(ReadPolicy policy) {
    // Routing within a shard never asks the group's selector, so the group has none.
    Upstream upstream = new Upstream("main", (ShardSelector) null, policy);
    Shard shard = new Shard(upstream, 0, "shard-0", primary, List.of(replicaA, replicaB));
    upstream.add(shard);
    return shard;
  }

  private Set<Node> picks(Shard shard, boolean write) {
    Set<Node> picked = new HashSet<>();
    for (int i = 0; i < PICKS; i++) {
      picked.add(routing.nodeFor(shard, write));
    }
    return picked;
  }

  private long pickMany(Shard shard, int rounds) {
    long sum = 0;
    for (int i = 0; i < rounds; i++) {
      sum += routing.nodeFor(shard, false).id() + routing.nodeFor(shard, true).id() + 1;
    }
    return sum;
  }
}
