package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisServerOptionsTest {
  private final RedisServer.Options defaults = RedisServer.Options.defaults();

  @Test
  void acceptsAnyLoopbackAddressOnly() {
    assertThat(defaults.withHost("127.1.2.3").host()).isEqualTo("127.1.2.3");
    for (String host : new String[] {"10.0.0.1", "localhost", "127.0.0.256", "127.0.0", "::1"}) {
      assertThatThrownBy(() -> defaults.withHost(host))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("127.x.y.z loopback address, not '" + host + "'");
    }
  }

  @Test
  void rejectsDirectivesTheTestkitOwns() {
    assertThatThrownBy(() -> defaults.withDirectives("port 6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use Options.withPort");
    assertThatThrownBy(() -> defaults.withDirectives("DIR /var/lib/redis"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its own temporary directory");
    assertThatThrownBy(() -> defaults.withDirectives("maxmemory 1mb\nport 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one non-empty redis.conf line");
  }

  @Test
  void lastRequirepassIsThePassword() {
    assertThat(defaults.password()).isNull();
    assertThat(defaults.withDirectives("requirepass first", "requirepass \"second\"").password())
        .isEqualTo("second");
    assertThat(defaults.withDirectives("requirepass secret", "requirepass \"\"").password())
        .isNull();
  }

  @Test
  void rejectsPortsAndTimeoutsOutOfRange() {
    assertThatThrownBy(() -> defaults.withPort(65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withStartupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
