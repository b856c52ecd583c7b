package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServersIT {
  @Test
  void startsIndependentServersAndClosesThemAll() {
    RedisServers shards = RedisServers.start(3);
    List<Long> pids = shards.list().stream().map(RedisServer::pid).toList();

    assertThat(shards.size()).isEqualTo(3);
    assertThat(shards.addresses())
        .doesNotHaveDuplicates()
        .allMatch(a -> a.startsWith("127.0.0.1:"));
    shards.get(0).command("SET", "k", "shard0");
    assertThat(shards.get(1).command("GET", "k")).isNull();
    assertThat(pids).allMatch(RedisServer::isProcessAlive);

    shards.close();

    assertThat(pids).noneMatch(RedisServer::isProcessAlive);
  }

  @Test
  void everyFailedStartIsReported() {
    RedisServer.Options broken = RedisServer.Options.defaults().withDirectives("maxmemory lots");

    assertThatThrownBy(() -> RedisServers.start(2, broken))
        .isInstanceOf(RedisServerException.class)
        .hasMessageContaining("maxmemory lots")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }
}
