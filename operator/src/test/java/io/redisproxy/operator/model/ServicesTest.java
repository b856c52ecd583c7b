package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicesTest {

  @Test
  void theClientServiceReachesTheProxiesInTheRedisPods() {
    Service client = Services.client(Fixtures.model(Fixtures.MINIMAL_MANAGED));

    assertThat(client.getMetadata().getName()).isEqualTo("cache");
    assertThat(client.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(client.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/instance", "cache")
        .containsEntry("app.kubernetes.io/component", "redis");
    ServicePort port = client.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(6380);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("proxy");
  }

  @Test
  void aLoadBalancerWithAnnotationsForCrossRegionClients() {
    Service client =
        Services.client(
            Fixtures.model(
                Fixtures.MINIMAL_EXTERNAL
                    +
"""
service:
  type: LoadBalancer
  annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}
proxy: {port: 7000}
"""));

    assertThat(client.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(client.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
    assertThat(client.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "proxy");
    assertThat(client.getSpec().getPorts().get(0).getPort()).isEqualTo(7000);
  }

  @Test
  void theHeadlessServiceNamesEveryRedisPodBeforeItIsReady() {
    Service headless = Services.headless(Fixtures.model(Fixtures.MINIMAL_MANAGED));

    assertThat(headless.getMetadata().getName()).isEqualTo("cache-redis");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    // Redis and sentinel pods: one certificate for *.cache-redis.shop.svc covers both.
    assertThat(headless.getSpec().getSelector())
        .containsOnly(
            entry("app.kubernetes.io/name", "redis-proxy"),
            entry("app.kubernetes.io/instance", "cache"));
    assertThat(headless.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("redis:6379", "sentinel:26379");
  }

  @Test
  void eachShardAndTheSentinelsHaveADisruptionBudgetOfOnePod() {
    List<PodDisruptionBudget> managed =
        PodDisruptionBudgets.desired(Fixtures.model(Fixtures.MINIMAL_MANAGED));
    assertThat(managed)
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("cache-shard-0", "cache-shard-1", "cache-shard-2", "cache-sentinel");
    assertThat(managed)
        .allSatisfy(b -> assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
    assertThat(managed.get(1).getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "redis")
        .containsEntry("redisproxy.io/shard", "shard-1");
    assertThat(managed.get(3).getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "sentinel");

    List<PodDisruptionBudget> tier =
        PodDisruptionBudgets.desired(Fixtures.model(Fixtures.MINIMAL_EXTERNAL));
    assertThat(tier)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getMetadata().getName()).isEqualTo("cache");
              assertThat(b.getSpec().getSelector().getMatchLabels())
                  .containsEntry("app.kubernetes.io/component", "proxy");
            });
  }
}
