package io.redisproxy.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redisproxy.proxy.config.ClusterConfig;
import io.redisproxy.proxy.config.FailoverConfig;
import io.redisproxy.proxy.config.LimitsConfig;
import io.redisproxy.proxy.config.MirrorConfig;
import io.redisproxy.proxy.config.MirroringConfig;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.proxy.config.RouteConfig;
import io.redisproxy.proxy.config.SentinelConfig;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.server.ProxyServer;
import io.redisproxy.testkit.RedisCluster;
import io.redisproxy.testkit.RedisSentinels;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Helm chart's Grafana dashboard and Prometheus alerts query is one a real proxy
 * exports: a proxy over a primary with a replica, mirroring to and failing over to a standby, and
 * over a group a sentinel leads and a Redis Cluster, all real servers, so each family of series is
 * there to be scraped.
 */
class MonitoringQueriesIT {
  private static final Path MONITORING = Path.of(System.getProperty("chart.dir"), "monitoring");

  private RedisServer primary;
  private RedisServer replica;
  private RedisServer standby;
  private RedisServer sessions;
  private RedisSentinels sentinels;
  private RedisCluster cluster;
  private ProxyServer proxy;

  @BeforeEach
  void start() {
    primary = RedisServer.start();
    replica = RedisServer.startReplicaOf(primary);
    standby = RedisServer.start();
    sessions = RedisServer.start();
    sentinels = RedisSentinels.start(1, Map.of("s0", sessions), 0, RedisSentinels.Timing.fast(1));
    cluster = RedisCluster.start(3, 0);
    proxy = ProxyServer.start(config());
  }

  @AfterEach
  void stop() {
    for (AutoCloseable closeable :
        new AutoCloseable[] {proxy, cluster, sentinels, sessions, standby, replica, primary}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // Keep closing the rest: each holds a process or ports of its own.
      }
    }
  }

  @Test
  void everyDashboardAndAlertQueryNamesAnExportedMetric() throws IOException {
    try (RespSocket client = RespSocket.connect("127.0.0.1", proxy.port())) {
      assertThat(client.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(client.command("GET", "k")).isEqualTo("v");
      assertThatThrownBy(() -> client.command("INCR", "k")).hasMessageContaining("not an integer");
    }
    // The replica poll, the mirror, the failover monitor and the topologies publish their series
    // on their own.
    Set<String> exported =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> exportedNames(proxy.metrics().scrape()),
                names ->
                    names.contains("redisproxy_replica_lag_seconds")
                        && names.contains("redisproxy_mirror_mirrored_total")
                        && names.contains("redisproxy_failover_active")
                        && names.contains("redisproxy_sentinel_primary_switches_total")
                        && names.contains("redisproxy_cluster_slotmap_changes_total"));

    Map<String, List<String>> queries = new TreeMap<>();
    queries.put("dashboard", dashboardQueries());
    queries.put("alerts", alertQueries());
    List<String> problems = new ArrayList<>();
    Set<String> referenced = new TreeSet<>();
    queries.forEach(
        (source, expressions) -> {
          for (String expression : expressions) {
            for (String name : PromQlNames.of(expression)) {
              referenced.add(name);
              if (!exported.contains(name)) {
                problems.add(
                    source
                        + " queries "
                        + name
                        + ", which the proxy does not export: "
                        + expression);
              }
            }
          }
        });

    assertThat(problems).isEmpty();
    assertThat(referenced)
        .as("the queries were read")
        .contains(
            "redisproxy_commands_total",
            "redisproxy_command_duration_seconds_bucket",
            "redisproxy_upstream_up",
            "redisproxy_replica_lag_seconds",
            "redisproxy_mirror_buffer_limit_commands",
            "redisproxy_mirror_dropped_total",
            "redisproxy_failover_active",
            "redisproxy_sentinel_primary_switches_total",
            "redisproxy_cluster_slotmap_changes_total",
            "redisproxy_ready");
  }

  /** Every expression of the dashboard: its panels' targets and its template variables. */
  private static List<String> dashboardQueries() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("redis-proxy-dashboard.json").toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        expressions.add(variable.path("query").path("query").asText());
      }
    }
    assertThat(expressions).as("dashboard expressions").doesNotContain("").hasSizeGreaterThan(20);
    return expressions;
  }

  private static List<String> alertQueries() throws IOException {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(MONITORING.resolve("redis-proxy-rules.yaml").toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        expressions.add(rule.path("expr").asText());
      }
    }
    assertThat(expressions).as("alert expressions").doesNotContain("").hasSizeGreaterThan(5);
    return expressions;
  }

  /** The series names of a scrape, as Prometheus stores them. */
  private static Set<String> exportedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.indexOf('{');
      names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
    }
    return names;
  }

  private ProxyConfig config() {
    UpstreamConfig main =
        new UpstreamConfig(
            "main",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(new ShardConfig("shard-0", primary.address(), List.of(replica.address()))),
            null,
            new FailoverConfig("standby", Duration.ofSeconds(30), Duration.ofSeconds(30)));
    UpstreamConfig standbyGroup =
        new UpstreamConfig(
            "standby",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(new ShardConfig(standby.address())));
    UpstreamConfig sentinelGroup =
        new UpstreamConfig(
            "sessions",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(new ShardConfig("s0", null, List.of())),
            null,
            null,
            null,
            new SentinelConfig(sentinels.addresses()));
    UpstreamConfig clusterGroup =
        new UpstreamConfig(
            "catalog",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new ClusterConfig(cluster.seeds()),
            null);
    return new ProxyConfig(
        new ProxyConfig.Endpoint("127.0.0.1", 0),
        new ProxyConfig.Endpoint("127.0.0.1", 0),
        1,
        List.of(main, standbyGroup, sentinelGroup, clusterGroup),
        List.of(
            new RouteConfig("session:", "sessions"),
            new RouteConfig("catalog:", "catalog"),
            new RouteConfig("", "main", List.of(new MirrorConfig("standby")))),
        null,
        LimitsConfig.DEFAULTS,
        null,
        new MirroringConfig("east", null, null));
  }
}
