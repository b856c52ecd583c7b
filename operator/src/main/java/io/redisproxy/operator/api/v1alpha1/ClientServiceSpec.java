package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The Service clients connect to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientServiceSpec {
  @JsonPropertyDescription(
      "ClusterIP (default), or LoadBalancer for an endpoint reachable from other regions.")
  private ClientServiceType type;

  @JsonPropertyDescription(
      "Annotations of the Service, such as a cloud's internal load balancer setting.")
  private Map<String, String> annotations;

  public ClientServiceType getType() {
    return type;
  }

  public void setType(ClientServiceType type) {
    this.type = type;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
