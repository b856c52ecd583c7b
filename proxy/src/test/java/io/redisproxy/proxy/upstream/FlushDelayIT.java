package io.redisproxy.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An upstream with a flush delay holds a busy connection's writes and sends them together: every
 * request is still answered, in order, by the right shard, from many clients at once, and a lone
 * request goes out at once.
 */
class FlushDelayIT {
  @Test
  void heldWritesAreAllAnsweredInOrder() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try (ProxyFixture fixture = ProxyFixture.start(3, FlushDelayIT::withFlushDelay)) {
      try (RespSocket lone = fixture.client()) {
        assertThat(lone.command("SET", "lone", "1")).isEqualTo("OK");
        assertThat(lone.command("GET", "lone")).isEqualTo("1");
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        results.add(
            clients.submit(
                () -> {
                  int answered = 0;
                  try (RespSocket socket = fixture.client()) {
                    for (int batch = 0; batch < 20; batch++) {
                      for (int i = 0; i < 25; i++) {
                        socket.send("SET", key(client, batch, i), "v" + i);
                        socket.send("GET", key(client, batch, i));
                      }
                      for (int i = 0; i < 25; i++) {
                        assertThat(socket.readReply()).isEqualTo("OK");
                        assertThat(socket.readReply()).isEqualTo("v" + i);
                        answered++;
                      }
                    }
                  }
                  return answered;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(500);
      }
      assertThat(fixture.shardOf(key(3, 7, 11)).command("GET", key(3, 7, 11))).isEqualTo("v11");
    } finally {
      clients.shutdownNow();
    }
  }

  private static String key(int client, int batch, int i) {
    return "c" + client + ":" + batch + ":" + i;
  }

  private static ProxyConfig withFlushDelay(ProxyConfig config) {
    UpstreamConfig main = config.upstreams().get(0);
    UpstreamConfig delayed =
        new UpstreamConfig(
            main.name(),
            main.hashing(),
            main.maglevTableSize(),
            main.hashTags(),
            main.readPolicy(),
            main.connectionsPerNode(),
            main.auth(),
            main.shards(),
            null,
            null,
            null,
            null,
            Duration.ofNanos(500_000));
    return new ProxyConfig(
        config.listen(),
        config.admin(),
        config.ioThreads(),
        List.of(delayed),
        config.routes(),
        config.timeouts(),
        config.limits(),
        config.auth());
  }
}
