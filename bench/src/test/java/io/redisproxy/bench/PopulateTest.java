package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PopulateTest {
  @Test
  void setsTheKeysRedisBenchmarkReads() {
    assertThat(new String(Populate.commands(2, 3), StandardCharsets.US_ASCII))
        .isEqualTo(
            "*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000000\r\n$3\r\nxxx\r\n"
                + "*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000001\r\n$3\r\nxxx\r\n");
  }
}
