package io.redisproxy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redisproxy.operator.reconciler.RedisProxyReconciler;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;

/** The running operator: the RedisProxy controller, its leader lease and its HTTP endpoints. */
public final class RedisProxyOperator implements AutoCloseable {
  private final Operator operator;
  private final HealthServer health;

  private RedisProxyOperator(Operator operator, HealthServer health) {
    this.operator = operator;
    this.health = health;
  }

  /** Starts reconciling with server-side apply, as against a real API server. */
  public static RedisProxyOperator start(KubernetesClient client, OperatorSettings settings)
      throws IOException {
    return start(client, settings, overrider -> {});
  }

  /** As {@link #start(KubernetesClient, OperatorSettings)}, with extra operator settings. */
  static RedisProxyOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      Consumer<ConfigurationServiceOverrider> overrides)
      throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                          .build());
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(leaderElection(settings).build());
              }
              overrides.accept(overrider);
            });
    operator.register(
        new RedisProxyReconciler(settings.defaults(), Clock.systemUTC(), registry),
        configuration -> {
          if (!settings.watchNamespaces().isEmpty()) {
            configuration.settingNamespaces(settings.watchNamespaces());
          }
        });
    operator.start();
    HealthServer health =
        HealthServer.start(settings.healthPort(), operator.getRuntimeInfo(), registry);
    return new RedisProxyOperator(operator, health);
  }

  /**
   * One replica reconciles at a time. A replica that loses its lease exits, so Kubernetes restarts
   * it as a follower.
   */
  static LeaderElectionConfigurationBuilder leaderElection(OperatorSettings settings) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
            OperatorSettings.LEASE_NAME)
        .withLeaseNamespace(settings.leaseNamespace())
        .withExitOnStopLeading(true);
  }

  /** The port of /healthz, /readyz and /metrics. */
  public int healthPort() {
    return health.port();
  }

  @Override
  public void close() {
    health.close();
    operator.stop();
  }
}
