package io.redisproxy.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A replica's lag in time: how long ago the primary got past what the replica has. */
class OffsetHistoryTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aReplicaThatHasEverythingSampledHasNoLag() {
    OffsetHistory history = new OffsetHistory(8);
    history.record(0, 100);
    history.record(SECOND, 200);

    assertThat(history.lagNanos(200, 2 * SECOND)).isZero();
    assertThat(history.lagNanos(250, 2 * SECOND)).isZero();
  }

  @Test
  void lagIsTheTimeSinceThePrimaryFirstHadDataTheReplicaLacks() {
    OffsetHistory history = new OffsetHistory(8);
    history.record(0, 100);
    history.record(SECOND, 200);
    history.record(2 * SECOND, 300);

    assertThat(history.lagNanos(150, 5 * SECOND)).isEqualTo(4 * SECOND);
    assertThat(history.lagNanos(99, 5 * SECOND)).isEqualTo(5 * SECOND);
    assertThat(history.lagNanos(299, 5 * SECOND)).isEqualTo(3 * SECOND);
  }

  @Test
  void anIdlePrimaryKeepsTheTimeOfItsLastWrite() {
    OffsetHistory history = new OffsetHistory(2);
    history.record(0, 100);
    for (int second = 1; second <= 10; second++) {
      history.record(second * SECOND, 200);
    }

    assertThat(history.lagNanos(100, 11 * SECOND)).isEqualTo(10 * SECOND);
  }

  @Test
  void aFullHistoryStillGivesALowerBound() {
    OffsetHistory history = new OffsetHistory(3);
    for (int second = 0; second < 10; second++) {
      history.record(second * SECOND, 100 * (second + 1));
    }

    assertThat(history.lagNanos(50, 10 * SECOND)).isEqualTo(3 * SECOND);
  }

  @Test
  void aRestartedPrimaryStartsAFreshHistory() {
    OffsetHistory history = new OffsetHistory(8);
    history.record(0, 5_000);
    history.record(SECOND, 10);

    assertThat(history.lagNanos(100, 3 * SECOND)).isZero();
    assertThat(history.lagNanos(5, 3 * SECOND)).isEqualTo(2 * SECOND);
  }
}
