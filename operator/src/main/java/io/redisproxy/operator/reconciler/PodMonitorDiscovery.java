package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.redisproxy.operator.api.monitoring.PodMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cluster serves the Prometheus Operator's PodMonitor API, from API discovery (which
 * every client may read, unlike CRDs). The answer is kept for {@code recheck}, so reconciling many
 * resources asks once, and a Prometheus Operator installed later is found within that time.
 */
final class PodMonitorDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(PodMonitorDiscovery.class);

  private final Duration recheck;
  private final Clock clock;
  private boolean served; // guarded by this
  private Instant askedAt; // guarded by this

  PodMonitorDiscovery(Duration recheck, Clock clock) {
    this.recheck = recheck;
    this.clock = clock;
  }

  synchronized boolean served(KubernetesClient client) {
    Instant now = clock.instant();
    if (askedAt == null || !now.isBefore(askedAt.plus(recheck))) {
      served = ask(client);
      askedAt = now;
    }
    return served;
  }

  private static boolean ask(KubernetesClient client) {
    try {
      return client.supports(PodMonitor.API_VERSION, PodMonitor.KIND);
    } catch (KubernetesClientException e) {
      LOG.warn("Could not tell whether the cluster serves {}: {}", PodMonitor.KIND, e.getMessage());
      return false;
    }
  }
}
