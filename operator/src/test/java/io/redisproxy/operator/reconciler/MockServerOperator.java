package io.redisproxy.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redisproxy.operator.model.OperatorDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/** The real operator loop against the fabric8 mock API server, with the CRD installed. */
final class MockServerOperator {
  private MockServerOperator() {}

  static Operator start(KubernetesClient client) {
    return start(client, Duration.ofSeconds(60));
  }

  /** As {@link #start(KubernetesClient)}, looking for the PodMonitor API every {@code recheck}. */
  static Operator start(KubernetesClient client, Duration monitoringRecheck) {
    try (InputStream crd =
        MockServerOperator.class.getResourceAsStream(
            "/META-INF/fabric8/redisproxies.redisproxy.io-v1.yml")) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).createOr(c -> c.update());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the generated CRD", e);
    }
    Operator operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // The mock API server does not implement server-side apply.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(
        new RedisProxyReconciler(
            new OperatorDefaults("redis:7.2", "example.org/redis-proxy:1.0"),
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            monitoringRecheck));
    operator.start();
    return operator;
  }
}
