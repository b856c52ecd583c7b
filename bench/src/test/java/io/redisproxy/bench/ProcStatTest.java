package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void readsTheCpuFieldsOfARedisServer() {
    ProcStat stat =
        ProcStat.parse(
            "4242 (redis-server) S 4200 4242 4200 0 -1 4194560 1180 0 0 0 731 412 5 3 20 0 5 0"
                + " 1090934 77365248 2310 18446744073709551615 1 1 0 0 0 0 0 4097 17610 0 0 0"
                + " 17 1 0 0 0 0 0");

    assertThat(stat).isEqualTo(new ProcStat(731, 412, 5, 3));
    assertThat(stat.ownTicks()).isEqualTo(1143);
    assertThat(stat.reapedChildrenTicks()).isEqualTo(8);
  }

  @Test
  void countsFieldsAfterACommandNameWithSpacesAndParentheses() {
    ProcStat stat =
        ProcStat.parse("77 (a (b) c) R 1 77 77 0 -1 0 0 0 0 0 100 200 300 400 20 0 1 0 5 6 7 8");

    assertThat(stat).isEqualTo(new ProcStat(100, 200, 300, 400));
  }

  @Test
  void refusesALineThatIsNotAStatLine() {
    assertThatThrownBy(() -> ProcStat.parse("no name here"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc/<pid>/stat line");
  }
}
