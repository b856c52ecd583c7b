package io.redisproxy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.redisproxy.operator.api.v1alpha1.MirrorStatus;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.api.v1alpha1.RedisProxyStatus;
import io.redisproxy.operator.model.ResourceNames;
import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ProxyConfig;
import io.redisproxy.testkit.FreePorts;
import io.redisproxy.testkit.RedisServer;
import io.redisproxy.testkit.RespSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator reads mirror health from a real proxy process: one serving the config the operator
 * rendered, in front of a real redis-server, mirroring to a region that cannot be reached.
 */
@EnableKubernetesMockClient(crud = true)
class MirrorHealthIT {
  private static final String NAMESPACE = "shop";
  private static final Path PROXY_JAR =
      Path.of(System.getProperty("repository.root"), "proxy", "target", "redis-proxy.jar");

  static KubernetesClient client;
  @TempDir Path dir;
  private Operator operator;
  private RedisServer redis;
  private Process proxy;

  @BeforeEach
  void start() throws IOException {
    operator = MockServerOperator.start(client);
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    try {
      if (proxy != null) {
        proxy.destroy();
        if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
          proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      redis.close();
    } finally {
      operator.stop();
    }
  }

  @Test
  void aMirrorTheProxiesCannotReachShowsInTheStatus() throws Exception {
    int port = FreePorts.loopback();
    int adminPort = FreePorts.loopback();
    int unreachable = FreePorts.loopback();
    String spec =
        """
        upstreams: [{name: main, shards: [{primary: '%s'}]}]
        remotes: [{name: west, endpoint: '127.0.0.1:%d'}]
        routes: [{upstream: main, mirrors: [{upstream: west}]}]
        proxy: {replicas: 1, port: %d, adminPort: %d}
        """
            .formatted(redis.address(), unreachable, port, adminPort);
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: redisproxy.io/v1alpha1
                kind: RedisProxy
                metadata: {name: edge, namespace: %s}
                spec:
                %s"""
                    .formatted(NAMESPACE, spec.stripIndent().indent(2)),
                RedisProxy.class))
        .create();
    await().atMost(Duration.ofSeconds(10)).until(() -> deployment() != null && configMap() != null);

    // The proxy the Deployment would run, with the config the operator rendered, on loopback.
    ProxyConfig rendered = ConfigCodec.parse(configMap());
    ProxyConfig local =
        new ProxyConfig(
            new ProxyConfig.Endpoint("127.0.0.1", port),
            new ProxyConfig.Endpoint("127.0.0.1", adminPort),
            1,
            rendered.upstreams(),
            rendered.routes(),
            rendered.timeouts(),
            rendered.limits(),
            rendered.auth(),
            rendered.mirroring(),
            rendered.tls());
    Path file = dir.resolve("proxy.yaml");
    Files.writeString(file, ConfigCodec.write(local));
    proxy =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                PROXY_JAR.toString(),
                "--config",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("proxy.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              try (RespSocket client = RespSocket.connect("127.0.0.1", port)) {
                assertThat(client.command("SET", "order:1", "paid")).isEqualTo("OK");
              }
            });
    // The pod the Deployment made, running at the proxy's address.
    Deployment tier = deployment();
    client
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("edge-proxy-0")
                .withLabels(tier.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .endStatus()
                .build())
        .create();

    RedisProxyStatus status =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    client
                        .resources(RedisProxy.class)
                        .inNamespace(NAMESPACE)
                        .withName("edge")
                        .get()
                        .getStatus(),
                s -> s != null && !s.getMirrors().isEmpty());
    MirrorStatus west = status.getMirrors().get(0);
    assertThat(west.getName()).isEqualTo("west");
    assertThat(west.getConnected()).isEqualTo("0/1");
    assertThat(west.getBufferedCommands()).isPositive();
    assertThat(status.getConditions())
        .anySatisfy(
            condition -> {
              assertThat(condition.getType()).isEqualTo("Mirroring");
              assertThat(condition.getStatus()).isEqualTo("False");
              assertThat(condition.getMessage()).startsWith("west: connected on 0/1 proxies");
            });
  }

  private static Deployment deployment() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName("edge-proxy").get();
  }

  private static String configMap() {
    var configMap = client.configMaps().inNamespace(NAMESPACE).withName("edge-config").get();
    return configMap == null ? null : configMap.getData().get(ResourceNames.PROXY_CONFIG_KEY);
  }
}
