package io.redisproxy.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {
  private final ProxyMetrics metrics = ProxyMetrics.create();

  @Test
  void countsCommandsAndErrorsPerCommandWithLatencyBuckets() {
    CommandMetrics get = metrics.command("get");
    CommandMetrics set = metrics.command("set");
    get.record(micros(30), false);
    get.record(micros(700), false);
    get.record(millis(3), true);
    set.record(millis(20), false);

    Scrape scrape = new Scrape(metrics.scrape());

    assertThat(scrape.value("redisproxy_commands_total{command=\"get\"}")).isEqualTo(3.0);
    assertThat(scrape.value("redisproxy_commands_total{command=\"set\"}")).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_command_errors_total{command=\"get\"}")).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_command_errors_total{command=\"set\"}")).isEqualTo(0.0);
    assertThat(scrape.value(bucket("get", "5.0E-5"))).isEqualTo(1.0);
    assertThat(scrape.value(bucket("get", "5.0E-4"))).isEqualTo(1.0);
    assertThat(scrape.value(bucket("get", "0.001"))).isEqualTo(2.0);
    assertThat(scrape.value(bucket("get", "0.005"))).isEqualTo(3.0);
    assertThat(scrape.value(bucket("get", "+Inf"))).isEqualTo(3.0);
    assertThat(scrape.value(bucket("set", "0.01"))).isEqualTo(0.0);
    assertThat(scrape.value(bucket("set", "0.025"))).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_command_duration_seconds_count{command=\"set\"}"))
        .isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_command_duration_seconds_sum{command=\"set\"}"))
        .isEqualTo(0.02);
  }

  @Test
  void exportsExactlyTheFixedBucketsAndNoPercentiles() {
    metrics.command("get").record(millis(1), false);

    String text = metrics.scrape();

    long buckets = text.lines().filter(l -> l.contains("_bucket{command=\"get\"")).count();
    assertThat(buckets).isEqualTo(CommandMetrics.LATENCY_BUCKETS.length + 1);
    assertThat(text).doesNotContain("quantile");
  }

  @Test
  void theReadyGaugeAsksAtEveryScrape() {
    AtomicBoolean ready = new AtomicBoolean(true);
    metrics.readiness(ready::get);

    assertThat(new Scrape(metrics.scrape()).value("redisproxy_ready")).isEqualTo(1.0);
    ready.set(false);
    assertThat(new Scrape(metrics.scrape()).value("redisproxy_ready")).isEqualTo(0.0);
  }

  @Test
  void handsOutOneHandlePerCommandAndPerUpstreamNode() {
    assertThat(metrics.command("get")).isSameAs(metrics.command("get"));
    assertThat(metrics.upstream("main", "127.0.0.1:7001"))
        .isSameAs(metrics.upstream("main", "127.0.0.1:7001"))
        .isNotSameAs(metrics.upstream("main", "127.0.0.1:7002"))
        .isNotSameAs(metrics.upstream("other", "127.0.0.1:7001"));
  }

  @Test
  void upstreamGaugesFollowConnectionsAndHealth() {
    UpstreamMetrics node = metrics.upstream("main", "127.0.0.1:7001");
    String labels = "{node=\"127.0.0.1:7001\",upstream=\"main\"}";

    node.connectionOpened();
    node.connectionOpened();
    node.up(true);
    Scrape open = new Scrape(metrics.scrape());
    node.connectionClosed();
    node.up(false);
    node.error();
    node.timeout();
    node.timeout();
    Scrape closed = new Scrape(metrics.scrape());

    assertThat(open.value("redisproxy_upstream_connections" + labels)).isEqualTo(2.0);
    assertThat(open.value("redisproxy_upstream_up" + labels)).isEqualTo(1.0);
    assertThat(closed.value("redisproxy_upstream_connections" + labels)).isEqualTo(1.0);
    assertThat(closed.value("redisproxy_upstream_up" + labels)).isEqualTo(0.0);
    assertThat(closed.value("redisproxy_upstream_errors_total" + labels)).isEqualTo(1.0);
    assertThat(closed.value("redisproxy_upstream_timeouts_total" + labels)).isEqualTo(2.0);
  }

  @Test
  void countsClientsRejectionsAndBytes() {
    metrics.clientConnected();
    metrics.clientConnected();
    metrics.clientDisconnected();
    metrics.clientRejected();
    metrics.bytesIn(100);
    metrics.bytesIn(23);
    metrics.bytesOut(7);

    Scrape scrape = new Scrape(metrics.scrape());

    assertThat(scrape.value("redisproxy_clients")).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_clients_rejected_total")).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_bytes_received_total")).isEqualTo(123.0);
    assertThat(scrape.value("redisproxy_bytes_sent_total")).isEqualTo(7.0);
  }

  @Test
  void countsReloadsAndNamesOnlyTheLiveConfigHash() {
    metrics.configInUse("aaaa");
    metrics.configReloaded(false);
    metrics.configReloaded(true);
    metrics.configInUse("bbbb");

    Scrape scrape = new Scrape(metrics.scrape());

    assertThat(scrape.value("redisproxy_config_reloads_total{result=\"applied\"}")).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_config_reloads_total{result=\"rejected\"}")).isEqualTo(1.0);
    assertThat(scrape.value("redisproxy_config_info{hash=\"bbbb\"}")).isEqualTo(1.0);
    assertThat(scrape.has("redisproxy_config_info{hash=\"aaaa\"}")).isFalse();
  }

  @Test
  void concurrentRecordingSumsExactly() throws Exception {
    int threads = 4;
    int perThread = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          () -> {
            start.await();
            CommandMetrics get = metrics.command("get");
            UpstreamMetrics node = metrics.upstream("main", "127.0.0.1:7001");
            for (int i = 0; i < perThread; i++) {
              get.record(micros(i % 1000), i % 10 == 0);
              node.connectionOpened();
              metrics.bytesIn(3);
              metrics.clientConnected();
              if (i % 2 == 0) {
                node.connectionClosed();
                metrics.clientDisconnected();
              }
            }
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> worker : workers) {
        futures.add(pool.submit(worker));
      }
      start.countDown();
      for (Future<Void> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Scrape scrape = new Scrape(metrics.scrape());
    double total = threads * perThread;
    assertThat(scrape.value("redisproxy_commands_total{command=\"get\"}")).isEqualTo(total);
    assertThat(scrape.value("redisproxy_command_errors_total{command=\"get\"}"))
        .isEqualTo(total / 10);
    assertThat(scrape.value("redisproxy_command_duration_seconds_count{command=\"get\"}"))
        .isEqualTo(total);
    assertThat(scrape.value(bucket("get", "+Inf"))).isEqualTo(total);
    assertThat(
            scrape.value(
                "redisproxy_upstream_connections{node=\"127.0.0.1:7001\",upstream=\"main\"}"))
        .isEqualTo(total / 2);
    assertThat(scrape.value("redisproxy_clients")).isEqualTo(total / 2);
    assertThat(scrape.value("redisproxy_bytes_received_total")).isEqualTo(total * 3);
  }

  private static String bucket(String command, String le) {
    return "redisproxy_command_duration_seconds_bucket{command=\""
        + command
        + "\",le=\""
        + le
        + "\"}";
  }

  private static long micros(long micros) {
    return TimeUnit.MICROSECONDS.toNanos(micros);
  }

  private static long millis(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
