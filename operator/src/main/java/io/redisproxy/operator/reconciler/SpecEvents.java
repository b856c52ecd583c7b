package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.redisproxy.operator.api.v1alpha1.RedisProxy;
import io.redisproxy.operator.model.ResourceNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warning Events on a RedisProxy, shown by {@code kubectl describe rp}. */
final class SpecEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SpecEvents.class);

  private SpecEvents() {}

  /** Records that the spec cannot be served. A failure to record is logged, never thrown. */
  static void invalidSpec(
      KubernetesClient client, RedisProxy resource, String message, Instant now) {
    warning(client, resource, "InvalidSpec", "Validate", message, now);
  }

  /** Records that the shard count changed while slots moved, and what becomes of the change. */
  static void shardCountChanged(
      KubernetesClient client, RedisProxy resource, String message, Instant now) {
    warning(client, resource, "ShardCountChanged", "Reshard", message, now);
  }

  /** Records that the spec asks for a PodMonitor the cluster has no API for. */
  static void podMonitorUnavailable(
      KubernetesClient client, RedisProxy resource, String message, Instant now) {
    warning(client, resource, "PrometheusOperatorMissing", "Monitor", message, now);
  }

  /** Records that a shard's primary moved to another pod. */
  static void failover(KubernetesClient client, RedisProxy resource, String message, Instant now) {
    warning(client, resource, "Failover", "Failover", message, now);
  }

  private static void warning(
      KubernetesClient client,
      RedisProxy resource,
      String reason,
      String action,
      String message,
      Instant now) {
    String namespace = resource.getMetadata().getNamespace();
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                resource.getMetadata().getName()
                    + "."
                    + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withName(resource.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(resource.getMetadata().getUid())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType("Warning")
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(time)
            .withLastTimestamp(time)
            .withEventTime(new MicroTime(now.truncatedTo(ChronoUnit.MICROS).toString()))
            .withCount(1)
            .withReportingComponent(ResourceNames.MANAGED_BY)
            .withReportingInstance(ResourceNames.MANAGED_BY)
            .withAction(action)
            .withNewSource()
            .withComponent(ResourceNames.MANAGED_BY)
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record an event on RedisProxy {}/{}: {}",
          namespace,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
