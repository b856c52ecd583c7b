package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).hasValue(2.0);
    assertThat(Stats.median(List.of(7.5))).hasValue(7.5);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).hasValue(2.5);
    assertThat(Stats.median(List.of(10.0, 20.0))).hasValue(15.0);
  }

  @Test
  void noValuesHaveNoMedian() {
    assertThat(Stats.median(List.of())).isEmpty();
  }

  @Test
  void cpuPerRequestFromClockTicks() {
    // 25 ticks of 10 ms over 20000 requests: 250 ms / 20000 = 12.5 µs each.
    assertThat(Stats.microsPerRequest(25, 100, 20_000)).isCloseTo(12.5, within(1e-9));
    assertThat(Stats.microsPerRequest(0, 100, 1000)).isZero();
    // Another CLK_TCK scales the same ticks.
    assertThat(Stats.microsPerRequest(25, 1000, 20_000)).isCloseTo(1.25, within(1e-9));
  }

  @Test
  void cpuPerRequestNeedsRequests() {
    assertThatThrownBy(() -> Stats.microsPerRequest(1, 100, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ratioNeedsABaseline() {
    assertThat(Stats.ratio(OptionalDouble.of(3), OptionalDouble.of(4))).hasValue(0.75);
    assertThat(Stats.ratio(OptionalDouble.of(3), OptionalDouble.empty())).isEmpty();
    assertThat(Stats.ratio(OptionalDouble.empty(), OptionalDouble.of(4))).isEmpty();
    assertThat(Stats.ratio(OptionalDouble.of(3), OptionalDouble.of(0))).isEmpty();
  }
}
