package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusTest {
  @Test
  void readsTheResidentSetSize() {
    String status =
        "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 3911688 kB\n"
            + "VmSize:\t 3845124 kB\nVmHWM:\t  143212 kB\nVmRSS:\t  139104 kB\nThreads:\t27\n";

    assertThat(ProcStatus.rssKib(status)).isEqualTo(139104);
  }

  @Test
  void aZombieHasNone() {
    assertThat(ProcStatus.rssKib("Name:\tredis-server\nState:\tZ (zombie)\nThreads:\t1\n"))
        .isEqualTo(-1);
  }
}
