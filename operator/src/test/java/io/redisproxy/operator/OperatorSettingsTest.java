package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsWatchEverythingWithALease() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.healthPort()).isEqualTo(8080);
    assertThat(settings.defaults().redisImage()).isEqualTo("redis:7.2");
    assertThat(settings.defaults().proxyImage()).startsWith("ghcr.io/redis-proxy/redis-proxy:");
    assertThat(settings.leaseNamespace()).isNull();
    assertThat(settings.defaults().podMonitors()).isFalse();
  }

  @Test
  void readsEveryVariable() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "WATCH_NAMESPACES", " shop, prod ,",
                "REDIS_IMAGE", "redis:7.4",
                "PROXY_IMAGE", "registry.example/proxy:2",
                "HEALTH_PORT", "9090",
                "LEADER_ELECTION", "false",
                "POD_MONITORS", "true",
                "POD_NAMESPACE", "operators"));
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("shop", "prod");
    assertThat(settings.defaults().redisImage()).isEqualTo("redis:7.4");
    assertThat(settings.defaults().proxyImage()).isEqualTo("registry.example/proxy:2");
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.leaseNamespace()).isEqualTo("operators");
    assertThat(settings.defaults().podMonitors()).isTrue();
  }

  @Test
  void aBadPortIsNamed() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("HEALTH_PORT", "http")))
        .hasMessage("HEALTH_PORT 'http' is not a port number 0-65535");
  }
}
