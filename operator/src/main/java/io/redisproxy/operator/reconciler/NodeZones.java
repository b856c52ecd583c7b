package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zone of each scheduled pod, from its node's topology label. A node's zone does not change
 * while it exists, so each node's labels are read once. Without the right to read nodes (a
 * namespace-scoped install without the chart's node reader) zones are simply not reported.
 */
final class NodeZones {
  private static final Logger LOG = LoggerFactory.getLogger(NodeZones.class);

  private final KubernetesClient client;
  private final Map<String, Map<String, String>> labelsByNode = new ConcurrentHashMap<>();
  private volatile boolean forbidden;

  NodeZones(KubernetesClient client) {
    this.client = client;
  }

  /** Pod name to zone, for the pods whose node carries {@code topologyKey}. */
  Map<String, String> of(Collection<Pod> pods, String topologyKey) {
    Map<String, String> zones = new HashMap<>();
    for (Pod pod : pods) {
      String nodeName = pod.getSpec() != null ? pod.getSpec().getNodeName() : null;
      if (nodeName == null) {
        continue;
      }
      labelsOf(nodeName)
          .map(labels -> labels.get(topologyKey))
          .ifPresent(zone -> zones.put(pod.getMetadata().getName(), zone));
    }
    return zones;
  }

  private Optional<Map<String, String>> labelsOf(String nodeName) {
    if (forbidden) {
      return Optional.empty();
    }
    Map<String, String> cached = labelsByNode.get(nodeName);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      Node node = client.nodes().withName(nodeName).get();
      if (node == null) {
        return Optional.empty();
      }
      Map<String, String> labels =
          node.getMetadata().getLabels() != null
              ? Map.copyOf(node.getMetadata().getLabels())
              : Map.of();
      labelsByNode.put(nodeName, labels);
      return Optional.of(labels);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        forbidden = true;
        LOG.warn("may not read nodes, so shard status carries no zones: {}", e.getMessage());
      }
      return Optional.empty();
    }
  }
}
