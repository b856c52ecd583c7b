package io.redisproxy.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisproxy.proxy.ProxyFixture;
import io.redisproxy.proxy.config.ReadPolicy;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slot held open between two primaries of a real Redis Cluster, some of its keys moved and some
 * not, as a slot migration leaves it between two batches: the proxy answers every request the
 * cluster would serve after a redirect or a retry, and no client sees ASK or TRYAGAIN.
 */
class SlotMigrationIT {
  private static final String TAG = "{migrating}";

  private RedisCluster cluster;
  private ProxyServer proxy;
  private RedisServer source;
  private RedisServer target;
  private int slot;

  @BeforeEach
  void start() {
    cluster = RedisCluster.start(3, 0);
    proxy =
        ProxyServer.start(
            ProxyFixture.clusterConfig("cache", cluster.seeds().subList(0, 1), ReadPolicy.PRIMARY));
    slot = cluster.slotOf(TAG);
    source = cluster.primaryOf(TAG);
    target = cluster.nodes().stream().filter(node -> node != source).findFirst().orElseThrow();
    try (RespSocket client = client()) {
      for (int n = 0; n < 10; n++) {
        assertThat(client.command("SET", TAG + n, "v" + n)).isEqualTo("OK");
      }
    }
    target.command("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", id(source));
    source.command("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", id(target));
    // Keys 0-4 move now; 5-9 stay on the source until the slot is finished.
    migrate(List.of(TAG + 0, TAG + 1, TAG + 2, TAG + 3, TAG + 4));
  }

  @AfterEach
  void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      cluster.close();
    }
  }

  @Test
  void keysOnEitherSideOfAnOpenSlotAreReadAndWritten() {
    try (RespSocket client = client()) {
      for (int n = 0; n < 10; n++) {
        assertThat(client.command("GET", TAG + n)).as(TAG + n).isEqualTo("v" + n);
      }
      // A new key goes to the target, as the source sends it there with ASK.
      assertThat(client.command("SET", TAG + "new", "fresh")).isEqualTo("OK");
      assertThat(client.command("GET", TAG + "new")).isEqualTo("fresh");
      assertThat(target.command("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))).isEqualTo(6L);
      // Keys that are all on one side are served together.
      assertThat(client.command("MGET", TAG + 5, TAG + 6)).isEqualTo(List.of("v5", "v6"));
    }
  }

  @Test
  void aMultiKeyRequestSplitAcrossTheOpenSlotWaitsForItToFinish() throws IOException {
    // MGET of a moved and an unmoved key, and MSET of keys on neither side: Redis answers
    // TRYAGAIN (the first at the source, the second at the target after ASK) until the slot has
    // moved. The proxy retries them, well past a few redirects, within the op timeout.
    try (Socket raw = new Socket("127.0.0.1", proxy.port())) {
      raw.getOutputStream()
          .write(
              command("MGET", TAG + 0, TAG + 9)
                  .concat(command("MSET", TAG + "a", "1", TAG + "b", "2"))
                  .getBytes(StandardCharsets.UTF_8));
      InputStream replies = raw.getInputStream();
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofMillis(600))
          .until(() -> replies.available() == 0);

      migrate(List.of(TAG + 5, TAG + 6, TAG + 7, TAG + 8, TAG + 9));
      for (RedisServer node : List.of(target, source)) {
        node.command("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", id(target));
      }
      cluster.nodes().stream()
          .filter(node -> node != target && node != source)
          .forEach(
              node -> node.command("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", id(target)));

      raw.setSoTimeout(5_000);
      String expected = "*2\r\n$2\r\nv0\r\n$2\r\nv9\r\n+OK\r\n";
      byte[] answer = replies.readNBytes(expected.length());
      assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
    assertThat(target.command("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))).isEqualTo(12L);
  }

  private void migrate(List<String> keys) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "MIGRATE", target.host(), String.valueOf(target.port()), "", "0", "5000", "KEYS"));
    args.addAll(keys);
    assertThat(source.command(args.toArray(String[]::new))).isEqualTo("OK");
  }

  private static String command(String... args) {
    StringBuilder out = new StringBuilder("*" + args.length + "\r\n");
    for (String arg : args) {
      out.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
    }
    return out.toString();
  }

  private static String id(RedisServer node) {
    return (String) node.command("CLUSTER", "MYID");
  }

  private RespSocket client() {
    return RespSocket.connect("127.0.0.1", proxy.port());
  }
}
