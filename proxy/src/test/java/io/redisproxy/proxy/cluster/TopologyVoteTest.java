package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.config.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyVoteTest {
  private static final List<SlotRange> OLD = map("10.0.0.1");
  private static final List<SlotRange> NEW = map("10.0.0.2");

  @Test
  void aMapReportedByTheMajorityWins() {
    assertThat(TopologyVote.decide(List.of(NEW, NEW, OLD), OLD)).isEqualTo(NEW);
  }

  @Test
  void aMinorityAnswerDoesNotFlipRouting() {
    assertThat(TopologyVote.decide(List.of(NEW, OLD, OLD), OLD)).isEqualTo(OLD);
    assertThat(TopologyVote.decide(List.of(NEW, OLD), OLD)).isEqualTo(OLD);
  }

  @Test
  void withoutAnyMapTheMostReportedOneIsTakenToStart() {
    assertThat(TopologyVote.decide(List.of(NEW, OLD, NEW, map("10.0.0.9")), List.of()))
        .isEqualTo(NEW);
  }

  @Test
  void replicaListsStillConvergingDoNotSplitTheVoteOnPrimaries() {
    List<SlotRange> newWithReplica =
        List.of(
            new SlotRange(
                0, 8191, new HostPort("10.0.0.2", 6379), List.of(new HostPort("10.0.0.1", 6379))),
            new SlotRange(8192, 16383, new HostPort("10.0.0.3", 6379), List.of()));
    assertThat(TopologyVote.decide(List.of(NEW, newWithReplica, OLD), OLD))
        .isIn(NEW, newWithReplica);
  }

  @Test
  void noAnswerKeepsTheCurrentMap() {
    assertThat(TopologyVote.decide(List.of(), OLD)).isEqualTo(OLD);
  }

  private static List<SlotRange> map(String primaryOfFirstHalf) {
    return List.of(
        new SlotRange(0, 8191, new HostPort(primaryOfFirstHalf, 6379), List.of()),
        new SlotRange(8192, 16383, new HostPort("10.0.0.3", 6379), List.of()));
  }
}
