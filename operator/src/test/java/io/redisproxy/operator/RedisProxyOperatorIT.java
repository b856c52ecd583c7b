package io.redisproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.OperatorDefaults;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator as {@code java -jar} runs it: leader lease, watched namespaces, endpoints. */
@EnableKubernetesMockClient(crud = true)
class RedisProxyOperatorIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void installCrd() throws Exception {
    try (InputStream crd =
        RedisProxyOperatorIT.class.getResourceAsStream(
            "/META-INF/fabric8/redisproxies.redisproxy.io-v1.yml")) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    // The mock cannot evaluate RBAC: answer the operator's lease permission check.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("create", "update", "get")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
  }

  @Test
  void leadsReconcilesItsNamespacesAndServesHealthAndMetrics() throws Exception {
    OperatorSettings settings =
        new OperatorSettings(
            Set.of("shop"), new OperatorDefaults("redis:7.2", "proxy:1"), 0, true, "operators");
    try (RedisProxyOperator operator =
        RedisProxyOperator.start(
            client,
            settings,
            overrider ->
                overrider
                    // Stopping at the end of the test gives up the lease; the JVM must not exit.
                    .withLeaderElectionConfiguration(
                        RedisProxyOperator.leaderElection(settings)
                            .withExitOnStopLeading(false)
                            .build())
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false))) {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                Lease lease =
                    client
                        .leases()
                        .inNamespace("operators")
                        .withName(OperatorSettings.LEASE_NAME)
                        .get();
                assertThat(lease).isNotNull();
                assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
              });

      create("shop", "cache");
      create("other", "ignored");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(client.configMaps().inNamespace("shop").withName("cache-config").get())
                      .isNotNull());
      assertThat(client.configMaps().inNamespace("other").list().getItems())
          .as("namespaces outside WATCH_NAMESPACES are left alone")
          .isEmpty();

      int port = operator.healthPort();
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("operator_sdk_").contains("jvm_memory_used_bytes");
    }
  }

  private static void create(String namespace, String name) {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: redisproxy.io/v1alpha1
                kind: RedisProxy
                metadata: {name: %s, namespace: %s}
                spec:
                  redis: {shards: 1}
                """
                    .formatted(name, namespace),
                RedisProxy.class))
        .create();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
