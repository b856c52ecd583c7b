package io.redisproxy.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.redisproxy.operator.api.monitoring.PodMonitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Prometheus Operator PodMonitor that scrapes every proxy of a topology on its admin port. */
public final class PodMonitors {
  /** The target label that names the RedisProxy, which the dashboard and the alerts group by. */
  public static final String RESOURCE_TARGET_LABEL = "redisproxy";

  private static final String METRICS_PATH = "/metrics";

  private PodMonitors() {}

  /** Whether the spec asks for a PodMonitor; when it does not, the one it had is deleted. */
  public static boolean wanted(RedisProxyModel model) {
    return model.podMonitor();
  }

  /** The PodMonitor the topology has when it is {@link #wanted}. */
  public static PodMonitor podMonitor(RedisProxyModel model) {
    ResourceNames names = model.names();
    String component = proxyComponent(model);
    Map<String, String> labels = new LinkedHashMap<>(model.podMonitorLabels());
    // The operator's own labels win: its informer finds the PodMonitor by them.
    labels.putAll(names.labels(component));

    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", Containers.ADMIN_PORT_NAME);
    endpoint.put("path", METRICS_PATH);
    endpoint.put("interval", model.podMonitorInterval());
    endpoint.put(
        "relabelings",
        List.of(
            Map.of(
                "sourceLabels",
                List.of(podLabelMeta(ResourceNames.INSTANCE_LABEL)),
                "targetLabel",
                RESOURCE_TARGET_LABEL)));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", Map.of("matchLabels", names.selector(component)));
    spec.put("podMetricsEndpoints", List.of(endpoint));

    PodMonitor monitor = new PodMonitor();
    monitor.setMetadata(
        new ObjectMetaBuilder()
            .withName(names.podMonitor())
            .withNamespace(names.namespace())
            .withLabels(labels)
            .build());
    monitor.setSpec(spec);
    return monitor;
  }

  /** The pods that run proxies: every Redis pod carries one, else the proxy tier's pods. */
  private static String proxyComponent(RedisProxyModel model) {
    return model.managesRedis() ? ResourceNames.REDIS_COMPONENT : ResourceNames.PROXY_COMPONENT;
  }

  /** The meta label Prometheus gives a pod label, its name with every other character as _. */
  private static String podLabelMeta(String label) {
    return "__meta_kubernetes_pod_label_" + label.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
