package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.sentinel.SentinelPlan;
import io.redisproxy.operator.sentinel.SentinelSetup;
import io.redisproxy.proxy.tls.PemTrust;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * Three sentinels started by the sentinel pod's own start script, with a password and TLS only,
 * watching servers that speak only TLS and require the password: the operator's setup reaches them,
 * and they fail a killed primary over, talking TLS to each other and to the servers. The script's
 * pod paths, port and announced name are replaced by the test's.
 */
class SentinelStartScriptIT {
  private static final String PASSWORD = "s3cret";
  private static final RedisProxyModel MODEL =
      Fixtures.model("redis: {shards: 1, replicasPerShard: 1}");

  @TempDir Path dir;
  private final List<Process> sentinels = new ArrayList<>();
  private final List<RedisServer> servers = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process sentinel : sentinels) {
      sentinel.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    servers.forEach(RedisServer::close);
  }

  @Test
  void sentinelsSpeakingOnlyTlsWithAPasswordAreSetUpAndFailAPrimaryOver() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir, "sentinels");
    Path tlsDir = Files.createDirectories(dir.resolve("tls"));
    Files.copy(certificates.caCert(), tlsDir.resolve("ca.crt"));
    Files.copy(certificates.serverCert(), tlsDir.resolve("tls.crt"));
    Files.copy(certificates.serverKey(), tlsDir.resolve("tls.key"));
    String primary = tlsServer(certificates, null);
    String replica = tlsServer(certificates, primary);
    List<String> addresses = new ArrayList<>();
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      addresses.add(startSentinel(ordinal, tlsDir));
    }
    SentinelSetup setup =
        new SentinelSetup(Duration.ofSeconds(1), PASSWORD, trusting(certificates.caCert()));
    SentinelPlan.Settings settings = new SentinelPlan.Settings(2, 1000, 10000);
    Map<String, List<String>> shards = Map.of("shard-0", List.of(primary, replica));

    SentinelPlan plan = setup.step(addresses, shards, settings);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (plan.problem() != null && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      plan = setup.step(addresses, shards, settings);
    }
    assertThat(plan.problem()).as("set up over TLS, sentinels found each other").isNull();
    assertThat(plan.primaries()).containsEntry("shard-0", primary);

    servers.get(0).kill();
    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!replica.equals(plan.primaries().get("shard-0")) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      plan = setup.step(addresses, shards, settings);
    }
    assertThat(plan.primaries()).containsEntry("shard-0", replica);
    try (Jedis jedis = new Jedis(HostAndPort.from(replica), tlsConfig(certificates))) {
      assertThat(jedis.info("replication")).contains("role:master");
    }
  }

  /**
   * A server that speaks only TLS (besides the test kit's own plain port) and wants the password.
   */
  private String tlsServer(TestCertificates certificates, String primaryOf) {
    int tlsPort = FreePorts.loopback();
    List<String> directives =
        new ArrayList<>(
            List.of(
                "requirepass " + PASSWORD,
                "masterauth " + PASSWORD,
                "tls-port " + tlsPort,
                "tls-cert-file " + certificates.serverCert(),
                "tls-key-file " + certificates.serverKey(),
                "tls-ca-cert-file " + certificates.caCert(),
                "tls-auth-clients no",
                "tls-replication yes"));
    if (primaryOf != null) {
      HostAndPort primary = HostAndPort.from(primaryOf);
      directives.add("replicaof " + primary.getHost() + " " + primary.getPort());
    }
    servers.add(
        RedisServer.start(
            RedisServer.Options.defaults().withDirectives(directives.toArray(new String[0]))));
    return "127.0.0.1:" + tlsPort;
  }

  /** Runs the sentinel pod's start script; returns the sentinel's TLS address once it answers. */
  private String startSentinel(int ordinal, Path tlsDir) throws IOException {
    int port = FreePorts.loopback();
    Path data = Files.createDirectories(dir.resolve("sentinel-" + ordinal));
    String script =
        StartScripts.sentinel(MODEL, true, true)
            .replace("tls-port " + RedisProxyModel.SENTINEL_PORT, "tls-port " + port)
            .replace(RedisConf.TLS_DIR, tlsDir.toString())
            .replace(RedisConf.DATA_DIR, data.toString())
            .replace(MODEL.names().hostOf("$POD_NAME"), "127.0.0.1");
    ProcessBuilder builder =
        new ProcessBuilder(List.of("sh", "-c", script))
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("log").toFile());
    builder.environment().put("POD_NAME", MODEL.names().sentinelPod(ordinal));
    builder.environment().put("REDIS_PASSWORD", PASSWORD);
    sentinels.add(builder.start());
    String address = "127.0.0.1:" + port;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Jedis jedis = new Jedis(HostAndPort.from(address), tlsConfigFor(tlsDir))) {
        jedis.ping();
        return address;
      } catch (RuntimeException e) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
    throw new IllegalStateException(
        "the sentinel did not answer: " + Files.readString(data.resolve("log")));
  }

  private static JedisClientConfig tlsConfig(TestCertificates certificates) throws Exception {
    return ControlConnections.config(
        Duration.ofSeconds(1), PASSWORD, trusting(certificates.caCert()));
  }

  private static JedisClientConfig tlsConfigFor(Path tlsDir) {
    try {
      return ControlConnections.config(
          Duration.ofSeconds(1), PASSWORD, trusting(tlsDir.resolve("ca.crt")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLSocketFactory trusting(Path caCert) throws Exception {
    try (InputStream pem = Files.newInputStream(caCert)) {
      return PemTrust.context(pem).getSocketFactory();
    }
  }
}
