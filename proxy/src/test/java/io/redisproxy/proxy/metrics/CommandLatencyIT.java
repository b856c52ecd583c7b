package io.redisproxy.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The latency a command records is the time its reply took, measured on a real shard that a test
 * pauses: a reply that waited is counted as slow, replies read together with it are not faster than
 * they were, and a fast command stays in the fastest buckets.
 */
class CommandLatencyIT {
  private static ProxyFixture fixture;

  @BeforeAll
  static void startProxy() {
    fixture = ProxyFixture.start(1);
  }

  @AfterAll
  static void stopProxy() {
    fixture.close();
  }

  @Test
  void aReplyThatWaitedOnAPausedShardIsRecordedAsSlow() throws InterruptedException {
    RedisServer shard = fixture.redis().list().get(0);
    try (RespSocket client = fixture.client()) {
      assertThat(client.command("SET", "k", "v")).isEqualTo("OK");
      Scrape before = new Scrape(fixture.server().metrics().scrape());

      shard.pause();
      try {
        for (int i = 0; i < 20; i++) {
          client.send("GET", "k");
        }
        Thread.sleep(300);
      } finally {
        shard.resume();
      }
      for (int i = 0; i < 20; i++) {
        assertThat(client.readReply()).isEqualTo("v");
      }

      Scrape after = new Scrape(fixture.server().metrics().scrape());
      String labels = "{command=\"get\"}";
      double count =
          after.value("redisproxy_command_duration_seconds_count" + labels)
              - orZero(before.value("redisproxy_command_duration_seconds_count" + labels));
      double sum =
          after.value("redisproxy_command_duration_seconds_sum" + labels)
              - orZero(before.value("redisproxy_command_duration_seconds_sum" + labels));
      double fast = after.value(bucket("0.25")) - orZero(before.value(bucket("0.25")));
      assertThat(count).isEqualTo(20.0);
      assertThat(sum / count).as("mean seconds").isGreaterThanOrEqualTo(0.3);
      assertThat(fast).as("replies under 250 ms").isZero();
    }
  }

  @Test
  void aFastCommandIsRecordedInTheFastestBuckets() {
    try (RespSocket client = fixture.client()) {
      Scrape before = new Scrape(fixture.server().metrics().scrape());
      for (int i = 0; i < 50; i++) {
        assertThat(client.command("EXISTS", "nope")).isEqualTo(0L);
      }
      Scrape after = new Scrape(fixture.server().metrics().scrape());
      String slow = "redisproxy_command_duration_seconds_bucket{command=\"exists\",le=\"0.1\"}";
      String all = "redisproxy_command_duration_seconds_count{command=\"exists\"}";
      assertThat(after.value(all) - orZero(before.value(all))).isEqualTo(50.0);
      assertThat(after.value(slow) - orZero(before.value(slow))).isEqualTo(50.0);
    }
  }

  private static String bucket(String le) {
    return "redisproxy_command_duration_seconds_bucket{command=\"get\",le=\"" + le + "\"}";
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }
}
