package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.redisproxy.operator.api.v1alpha1.Phase;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The whole system on a one-node k3s cluster: both images built from this checkout, the operator
 * installed by its Helm chart, a sample applied, and keys written and read through the proxy. Needs
 * Docker; skipped without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class RedisProxyE2E {
  private static final Path ROOT = Path.of(System.getProperty("repository.root"));
  private static final String TAG = "e2e";
  private static final String OPERATOR_IMAGE = "ghcr.io/redis-proxy/redis-proxy-operator";
  private static final String PROXY_IMAGE = "ghcr.io/redis-proxy/redis-proxy";
  private static final String REDIS_IMAGE = "redis:7.2";
  private static final Duration ROLLOUT = Duration.ofMinutes(5);

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  private static KubernetesClient client;

  @BeforeAll
  static void installTheOperator() throws Exception {
    build("operator/Dockerfile", "operator/target/redis-proxy-operator.jar", OPERATOR_IMAGE);
    build("proxy/Dockerfile", "proxy/target/redis-proxy.jar", PROXY_IMAGE);
    DockerClientFactory.instance()
        .client()
        .pullImageCmd("redis")
        .withTag("7.2")
        .start()
        .awaitCompletion();
    for (String image :
        new String[] {OPERATOR_IMAGE + ":" + TAG, PROXY_IMAGE + ":" + TAG, REDIS_IMAGE}) {
      importIntoK3s(image);
    }
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();
    new Helm(ROOT.resolve("helm/redis-proxy-operator"))
        .install()
        .withName("redis-proxy-operator")
        .withNamespace("redis-proxy-system")
        .createNamespace()
        .withKubeConfigContents(K3S.getKubeConfigYaml())
        .set("image.tag", TAG)
        .set("image.pullPolicy", "Never")
        .set("proxyImage.tag", TAG)
        .set("redisImage", REDIS_IMAGE)
        .waitReady()
        .withTimeout((int) ROLLOUT.toSeconds())
        .call();
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theReplicaReadsSampleServesKeysSpreadOverItsShardsAndSurvivesLosingAPrimary()
      throws Exception {
    try (InputStream sample =
        Files.newInputStream(ROOT.resolve("manifests/samples/replica-reads.yaml"))) {
      client.resources(RedisProxy.class).inNamespace("default").load(sample).create();
    }
    await()
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              RedisProxy sessions = sessions();
              assertThat(sessions.getStatus()).isNotNull();
              assertThat(sessions.getStatus().getPhase()).isEqualTo(Phase.Ready);
            });

    assertThat(
            redisCli(
                "sessions-shard-0-0", "-h", "sessions", "-p", "6380", "SET", "greeting", "hello"))
        .isEqualTo("OK");
    assertThat(redisCli("sessions-shard-1-1", "-h", "sessions", "-p", "6380", "GET", "greeting"))
        .isEqualTo("hello");
    for (int i = 0; i < 50; i++) {
      redisCli("sessions-shard-0-0", "-h", "sessions", "-p", "6380", "SET", "key:" + i, "v" + i);
    }
    int shard0 = Integer.parseInt(redisCli("sessions-shard-0-0", "DBSIZE"));
    int shard1 = Integer.parseInt(redisCli("sessions-shard-1-0", "DBSIZE"));
    assertThat(shard0 + shard1).as("every key lives on exactly one shard").isEqualTo(51);
    assertThat(shard0).as("both shards hold keys").isPositive();
    assertThat(shard1).as("both shards hold keys").isPositive();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Integer.parseInt(redisCli("sessions-shard-0-2", "DBSIZE")))
                    .as("a replica holds its primary's keys")
                    .isEqualTo(shard0));

    // A primary's pod is deleted: the sentinels promote a replica, the proxies follow them, and
    // the pod comes back as a replica of the promoted one, losing nothing.
    client.pods().inNamespace("default").withName("sessions-shard-0-0").withGracePeriod(0).delete();
    await()
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(sessions().getStatus().getShardStatuses().get(0).getPrimary())
                    .isNotEqualTo("sessions-shard-0-0"));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (int i = 0; i < 50; i++) {
                assertThat(
                        redisCli(
                            "sessions-shard-1-0",
                            "-h",
                            "sessions",
                            "-p",
                            "6380",
                            "SET",
                            "after:" + i,
                            "v" + i))
                    .isEqualTo("OK");
              }
            });
    for (int i = 0; i < 50; i++) {
      assertThat(redisCli("sessions-shard-1-0", "-h", "sessions", "-p", "6380", "GET", "key:" + i))
          .as("a key acknowledged before the failover")
          .isEqualTo("v" + i);
    }
    await()
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(redisCli("sessions-shard-0-0", "INFO", "replication"))
                    .contains("role:slave")
                    .contains("master_link_status:up"));

    client.resources(RedisProxy.class).inNamespace("default").withName("sessions").delete();
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .statefulSets()
                            .inNamespace("default")
                            .withLabel("app.kubernetes.io/instance", "sessions")
                            .list()
                            .getItems())
                    .as("garbage collection follows the owner references")
                    .isEmpty());
  }

  private static RedisProxy sessions() {
    return client.resources(RedisProxy.class).inNamespace("default").withName("sessions").get();
  }

  /** Runs redis-cli in a Redis pod's redis container and returns its trimmed output. */
  private static String redisCli(String pod, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "redis-cli";
    System.arraycopy(args, 0, command, 1, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch exec =
        client
            .pods()
            .inNamespace("default")
            .withName(pod)
            .inContainer("redis")
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      int code = exec.exitCode().get(30, TimeUnit.SECONDS);
      assertThat(code).as("redis-cli %s: %s", String.join(" ", args), err).isZero();
    }
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  private static void build(String dockerfile, String jar, String image) throws Exception {
    new ImageFromDockerfile(image + ":" + TAG, false)
        .withFileFromPath("Dockerfile", ROOT.resolve(dockerfile))
        .withFileFromPath(jar, ROOT.resolve(jar))
        .get(10, TimeUnit.MINUTES);
  }

  /** k3s runs its own containerd, so images built or pulled by Docker are copied into it. */
  private static void importIntoK3s(String image) throws IOException, InterruptedException {
    DockerClient docker = DockerClientFactory.instance().client();
    Path archive = Files.createTempFile("image", ".tar");
    try (InputStream saved = docker.saveImageCmd(image).exec()) {
      Files.copy(saved, archive, StandardCopyOption.REPLACE_EXISTING);
      K3S.copyFileToContainer(MountableFile.forHostPath(archive), "/tmp/image.tar");
      ExecResult result =
          K3S.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
      assertThat(result.getExitCode()).as("importing %s: %s", image, result.getStderr()).isZero();
    } finally {
      Files.deleteIfExists(archive);
    }
  }
}
