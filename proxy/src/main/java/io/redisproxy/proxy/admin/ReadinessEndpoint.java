package io.redisproxy.proxy.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /readyz}: 200 while the proxy can serve traffic (saying what fails meanwhile, if
 * anything), 503 with the reason otherwise.
 */
final class ReadinessEndpoint implements AdminEndpoint {
  private final Readiness readiness;

  ReadinessEndpoint(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public AdminResponse get(Map<String, List<String>> parameters) {
    Optional<String> reason = readiness.notReadyReason();
    if (reason.isPresent()) {
      String body = "not ready: " + reason.get() + "\n";
      return AdminResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }
    Optional<String> degraded = readiness.degradation();
    return AdminResponse.text(
        HttpResponseStatus.OK,
        degraded.map(detail -> "ready; degraded: " + detail + "\n").orElse("ready\n"));
  }
}
