package io.redisproxy.proxy.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.sentinel.SentinelReplies.MasterView;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelRepliesTest {
  private static List<Object> master(String ip, String flags, String epoch) {
    return List.of("name", "s0", "ip", ip, "port", "6379", "flags", flags, "config-epoch", epoch);
  }

  private static List<Object> replica(String ip, String flags, String link) {
    return List.of("ip", ip, "port", "6379", "flags", flags, "master-link-status", link);
  }

  @Test
  void theNewestConfigEpochNamesThePrimary() {
    MasterView stale = SentinelReplies.master(master("10.0.0.1", "master", "3"));
    MasterView fresh = SentinelReplies.master(master("10.0.0.2", "master", "4"));
    assertThat(SentinelReplies.newest(List.of(stale, fresh, stale)).primary())
        .isEqualTo(new HostPort("10.0.0.2", 6379));
    assertThat(SentinelReplies.newest(List.of())).isNull();
  }

  @Test
  void aPromotedSlaveMessageNamesTheShardAndTheNewPrimary() {
    Object message =
        List.of(
            "message",
            "+promoted-slave",
            "slave redis-1.example:6379 redis-1.example 6379 @ shard-0 redis-0.example 6379");
    assertThat(SentinelReplies.promotion(message))
        .isEqualTo(new SentinelReplies.Promotion("shard-0", new HostPort("redis-1.example", 6379)));
    assertThat(SentinelReplies.promotion(List.of("message", "+sdown", "master shard-0 a 1 @")))
        .isNull();
    assertThat(SentinelReplies.promotion(List.of("message", "+promoted-slave", "slave x")))
        .isNull();
    assertThat(SentinelReplies.promotion(List.of("subscribe", "+promoted-slave", 2L))).isNull();
  }

  @Test
  void aPrimarySeenDownIsMarkedSo() {
    assertThat(SentinelReplies.master(master("a", "master,s_down,o_down", "1")).down()).isTrue();
    assertThat(SentinelReplies.master(master("a", "master", "1")).down()).isFalse();
  }

  @Test
  void onlyConnectedReplicasWithTheirLinkUpServeReads() {
    List<Object> reply =
        List.of(
            replica("ok.example", "slave", "ok"),
            replica("down.example", "slave,s_down", "ok"),
            replica("gone.example", "slave,disconnected", "ok"),
            replica("syncing.example", "slave", "err"));
    assertThat(SentinelReplies.healthyReplicas(reply))
        .containsExactly(new HostPort("ok.example", 6379));
  }

  @Test
  void roleTellsAPrimaryFromAReplica() {
    assertThat(SentinelReplies.isPrimary(List.of("master", 100L, List.of()))).isTrue();
    assertThat(SentinelReplies.isPrimary(List.of("slave", "a", 6379L, "connected", 100L)))
        .isFalse();
  }
}
