package io.redisproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConfigsTest {
  @Test
  void aMirroringProxyWithAClientLimit() {
    assertThat(
            Configs.proxy(
                7000,
                7001,
                0,
                "maglev",
                "200us",
                List.of(7100, 7101),
                OptionalInt.of(7200),
                OptionalInt.of(10_100)))
        .isEqualTo(
            "listen: {host: 127.0.0.1, port: 7000}\n"
                + "admin: {host: 127.0.0.1, port: 7001}\n"
                + "ioThreads: 0\n"
                + "limits: {maxClients: 10100}\n"
                + "upstreams:\n"
                + "  - name: main\n"
                + "    hashing: maglev\n"
                + "    flushDelay: 200us\n"
                + "    shards:\n"
                + "      - primary: 127.0.0.1:7100\n"
                + "      - primary: 127.0.0.1:7101\n"
                + "  - name: west\n"
                + "    shards: [{primary: 127.0.0.1:7200}]\n"
                + "routes:\n"
                + "  - {prefix: \"\", upstream: main, mirrors: [{upstream: west}]}\n"
                + "mirroring: {region: bench}\n");
  }

  @Test
  void twemproxyNamesItsServers() {
    assertThat(Configs.twemproxy(7000, List.of(7100, 7101)))
        .contains("  listen: 127.0.0.1:7000\n")
        .endsWith("    - 127.0.0.1:7100:1 shard1\n    - 127.0.0.1:7101:1 shard2\n");
  }
}
