package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisServersTest {
  @Test
  void groupRejectsAFixedPortBeforeStartingAnything() {
    assertThatThrownBy(() -> RedisServers.start(2, RedisServer.Options.defaults().withPort(7000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leave Options.port at 0");
  }
}
