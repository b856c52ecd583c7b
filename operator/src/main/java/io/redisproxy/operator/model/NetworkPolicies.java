package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Guards the Redis pods: Redis and sentinel ports for the topology's own pods (proxies, replicas,
 * sentinels) and the operator, so nothing reaches Redis around the proxy's AUTH; the proxy and
 * admin ports for the namespaces the spec names, or every namespace.
 */
public final class NetworkPolicies {
  /** The label every operator pod carries, as the Helm chart sets it. */
  static final String OPERATOR_NAME = "redis-proxy-operator";

  /** The well-known label Kubernetes sets on every namespace. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private NetworkPolicies() {}

  /** The policy, or none when the operator runs no Redis or the spec turned it off. */
  public static List<NetworkPolicy> desired(RedisProxyModel model) {
    return wanted(model) ? List.of(policy(model)) : List.of();
  }

  /** Whether the topology gets a policy: the operator runs its Redis and the spec keeps it on. */
  public static boolean wanted(RedisProxyModel model) {
    return model.managesRedis() && model.networkPolicy();
  }

  /**
   * The policy the topology has when it is {@link #wanted}; its name also finds the one to delete
   * when it is not.
   */
  public static NetworkPolicy policy(RedisProxyModel model) {
    ResourceNames names = model.names();
    Map<String, String> topology = names.redisAndSentinelSelector();
    NetworkPolicyPeer ownPods =
        new NetworkPolicyPeerBuilder()
            .withPodSelector(new LabelSelectorBuilder().withMatchLabels(topology).build())
            .build();
    NetworkPolicyPeer operator =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(new LabelSelectorBuilder().build())
            .withPodSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of(ResourceNames.NAME_LABEL, OPERATOR_NAME))
                    .build())
            .build();
    List<NetworkPolicyPeer> clients = new ArrayList<>();
    if (model.clientNamespaces().isEmpty()) {
      clients.add(
          new NetworkPolicyPeerBuilder()
              .withNamespaceSelector(new LabelSelectorBuilder().build())
              .build());
    } else {
      for (String namespace : model.clientNamespaces()) {
        clients.add(
            new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(
                    new LabelSelectorBuilder()
                        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, namespace))
                        .build())
                .build());
      }
      clients.add(operator);
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(names.networkPolicy())
        .withNamespace(names.namespace())
        .withLabels(names.labels(ResourceNames.REDIS_COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(topology)
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(ownPods, operator)
        .withPorts(port(RedisProxyModel.REDIS_PORT), port(RedisProxyModel.SENTINEL_PORT))
        .endIngress()
        .addNewIngress()
        .withFrom(clients)
        .withPorts(port(model.proxyPort()), port(model.adminPort()))
        .endIngress()
        .endSpec()
        .build();
  }

  private static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
