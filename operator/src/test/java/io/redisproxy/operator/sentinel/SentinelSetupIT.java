package io.redisproxy.operator.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sentinels that know nothing yet are told what to watch, with a password on the servers and on the
 * sentinels themselves, and then fail a killed primary over.
 */
class SentinelSetupIT {
  private static final String PASSWORD = "s3cret";
  private static final SentinelPlan.Settings SETTINGS = new SentinelPlan.Settings(2, 1000, 10000);

  private RedisServer primary;
  private RedisServer replica;
  private final List<RedisServer> sentinels = new ArrayList<>();
  private final SentinelSetup setup = new SentinelSetup(Duration.ofSeconds(1), PASSWORD, null);

  @BeforeEach
  void start() {
    RedisServer.Options secured =
        RedisServer.Options.defaults().withDirectives("requirepass " + PASSWORD);
    primary = RedisServer.start(secured);
    replica = RedisServer.startReplicaOf(primary, secured);
    for (int i = 0; i < 3; i++) {
      sentinels.add(RedisServer.start(secured.asSentinel()));
    }
  }

  @AfterEach
  void stop() {
    sentinels.forEach(RedisServer::close);
    replica.close();
    primary.close();
  }

  private List<String> sentinelAddresses() {
    return sentinels.stream().map(RedisServer::address).toList();
  }

  private SentinelPlan step() {
    return setup.step(
        sentinelAddresses(),
        Map.of("shard-0", List.of(primary.address(), replica.address())),
        SETTINGS);
  }

  @Test
  void newSentinelsAreToldWhatToWatchAndFailAKilledPrimaryOver() {
    SentinelPlan first = step();
    assertThat(first.actions()).isNotEmpty();
    // Configured, and the sentinels have seen the replica's link up: a failover could happen.
    await().atMost(Duration.ofSeconds(30)).until(() -> step().problem() == null);
    SentinelPlan configured = step();
    assertThat(configured.actions()).as("a configured setup is a fixed point").isEmpty();
    assertThat(configured.primaries()).containsEntry("shard-0", primary.address());

    primary.command("SET", "k", "v");
    await().atMost(Duration.ofSeconds(10)).until(() -> "v".equals(replica.command("GET", "k")));
    primary.kill();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> replica.address().equals(step().primaries().get("shard-0")));
    assertThat(replica.info("replication").get("role")).isEqualTo("master");
    assertThat(replica.command("GET", "k")).isEqualTo("v");
    assertThat(step().problem())
        .isEqualTo(
            "shard-0 has no healthy replica: a failure of its primary cannot be failed over");
  }
}
