package io.redisproxy.operator.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.sharded.KeyMover.Position;
import org.junit.jupiter.api.Test;

class KeyMoverPositionTest {
  @Test
  void aPageGoesOnInItsShardThenToTheNextThenToANewPass() {
    Position first = new Position(0, "0", 0, 0);
    assertThat(KeyMover.next(first, "17", 3, 2, 2)).isEqualTo(new Position(0, "17", 2, 2));
    assertThat(KeyMover.next(new Position(0, "17", 2, 2), "0", 3, 5, 5))
        .isEqualTo(new Position(1, "0", 5, 5));
    assertThat(KeyMover.next(new Position(2, "9", 5, 5), "0", 3, 5, 5))
        .as("a pass that found keys is followed by another")
        .isEqualTo(new Position(0, "0", 0, 5));
  }

  @Test
  void aWholePassThatFoundNothingEndsTheMove() {
    assertThat(KeyMover.next(new Position(2, "9", 0, 40), "0", 3, 0, 40)).isNull();
  }
}
