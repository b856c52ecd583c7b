package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.api.v1alpha1.SlotMoveStatus;
import io.redisproxy.operator.cluster.SlotMover.Progress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterScalingTest {
  private static final Optional<SlotMoveStatus> NONE = Optional.empty();

  @Test
  void newShardsAreThereAtOnceAndShardsThatGoStayUntilTheMoveIsDone() {
    ClusterScaling growing = new ClusterScaling(5, 3);
    ClusterScaling shrinking = new ClusterScaling(3, 5);

    assertThat(growing.kept(Optional.empty())).isEqualTo(5);
    assertThat(shrinking.kept(Optional.empty())).isEqualTo(5);
    assertThat(shrinking.kept(Optional.of(new Progress(12, 3, false, "12 slots to move"))))
        .isEqualTo(5);
    assertThat(shrinking.kept(Optional.of(new Progress(0, 12, true, null)))).isEqualTo(3);
  }

  @Test
  void slotsMovedAddUpWhileTheShardsAimedAtStayTheSame() {
    ClusterScaling scaling = new ClusterScaling(5, 5);
    Optional<SlotMoveStatus> before = Optional.of(new SlotMoveStatus(5, 900, 100));

    assertThat(scaling.slotMove(Optional.of(new Progress(850, 50, false, "850")), before))
        .contains(new SlotMoveStatus(5, 850, 150));
    assertThat(
            new ClusterScaling(3, 5)
                .slotMove(Optional.of(new Progress(4000, 2, false, "4000")), before))
        .contains(new SlotMoveStatus(3, 4000, 2));
  }

  @Test
  void aMoveUnderWayStaysReportedWhileTheClusterCannotBeRead() {
    Optional<SlotMoveStatus> before = Optional.of(new SlotMoveStatus(5, 900, 100));

    assertThat(new ClusterScaling(5, 5).slotMove(Optional.empty(), before)).isEqualTo(before);
    assertThat(new ClusterScaling(5, 5).slotMove(Optional.empty(), NONE)).isEmpty();
    assertThat(new ClusterScaling(5, 3).slotMove(Optional.empty(), NONE))
        .contains(new SlotMoveStatus(5, -1, 0));
    assertThat(
            new ClusterScaling(5, 5).slotMove(Optional.of(new Progress(0, 7, true, null)), before))
        .isEmpty();
  }
}
