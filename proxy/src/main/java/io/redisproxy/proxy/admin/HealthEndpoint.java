package io.redisproxy.proxy.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/** {@code /healthz}: the process is alive and its event loops answer. */
final class HealthEndpoint implements AdminEndpoint {
  @Override
  public AdminResponse get(Map<String, List<String>> parameters) {
    return AdminResponse.text(HttpResponseStatus.OK, "ok\n");
  }
}
