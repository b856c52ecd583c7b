package io.redisproxy.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPoliciesTest {
  private static NetworkPolicy policy(String spec) {
    List<NetworkPolicy> desired = NetworkPolicies.desired(Fixtures.model(spec));
    assertThat(desired).hasSize(1);
    return desired.get(0);
  }

  private static List<String> ports(NetworkPolicyIngressRule rule) {
    return rule.getPorts().stream().map(p -> String.valueOf(p.getPort().getIntVal())).toList();
  }

  @Test
  void redisAndSentinelPortsAreForTheTopologysOwnPodsAndTheOperatorOnly() {
    NetworkPolicy policy = policy(Fixtures.MINIMAL_MANAGED);

    assertThat(policy.getMetadata().getName()).isEqualTo("cache-redis");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsOnly(
            entry("app.kubernetes.io/name", "redis-proxy"),
            entry("app.kubernetes.io/instance", "cache"));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    NetworkPolicyIngressRule redis = policy.getSpec().getIngress().get(0);
    assertThat(ports(redis)).containsExactly("6379", "26379");
    List<NetworkPolicyPeer> from = redis.getFrom();
    assertThat(from.get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", "cache");
    assertThat(from.get(0).getNamespaceSelector()).as("this namespace only").isNull();
    assertThat(from.get(1).getPodSelector().getMatchLabels())
        .containsOnly(entry("app.kubernetes.io/name", "redis-proxy-operator"));
    assertThat(from).hasSize(2);
  }

  @Test
  void theProxyPortIsOpenToEveryNamespaceUnlessTheSpecNamesSome() {
    NetworkPolicyIngressRule open = policy(Fixtures.MINIMAL_MANAGED).getSpec().getIngress().get(1);
    assertThat(ports(open)).containsExactly("6380", "9121");
    assertThat(open.getFrom())
        .singleElement()
        .satisfies(
            peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty());

    NetworkPolicyIngressRule named =
        policy("redis: {shards: 1}\nnetworkPolicy: {clientNamespaces: [shop, checkout]}")
            .getSpec()
            .getIngress()
            .get(1);
    assertThat(named.getFrom())
        .extracting(peer -> peer.getNamespaceSelector().getMatchLabels())
        .containsExactly(
            java.util.Map.of("kubernetes.io/metadata.name", "shop"),
            java.util.Map.of("kubernetes.io/metadata.name", "checkout"),
            java.util.Map.of());
  }

  @Test
  void theSpecCanTurnItOff() {
    assertThat(
            NetworkPolicies.desired(
                Fixtures.model("redis: {shards: 1}\nnetworkPolicy: {enabled: false}")))
        .isEmpty();
  }
}
