package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Who may reach the pods the operator runs for Redis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {
  @JsonPropertyDescription(
      "Whether a NetworkPolicy guards the Redis pods (default true): their Redis and sentinel"
          + " ports only for the topology's own pods and the operator, the proxy and admin ports"
          + " for clientNamespaces.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Namespaces whose pods may connect to the proxies (default: every namespace).")
  private List<String> clientNamespaces;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getClientNamespaces() {
    return clientNamespaces;
  }

  public void setClientNamespaces(List<String> clientNamespaces) {
    this.clientNamespaces = clientNamespaces;
  }
}
