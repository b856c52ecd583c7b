package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Another region's proxy, reached at one endpoint: a target for mirrors and failover standbys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemoteSpec {
  @Required
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")
  @JsonPropertyDescription(
      "The remote's name, used by mirrors and failover.standby and in metrics.")
  private String name;

  @Required
  @JsonPropertyDescription("The other region's client Service (a LoadBalancer, say), as host:port.")
  private String endpoint;

  @JsonPropertyDescription("How the proxy authenticates to the remote proxy (its spec.auth).")
  private UpstreamAuthSpec auth;

  @JsonPropertyDescription("TLS to the remote proxy (its spec.tls).")
  private UpstreamTlsSpec tls;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public UpstreamAuthSpec getAuth() {
    return auth;
  }

  public void setAuth(UpstreamAuthSpec auth) {
    this.auth = auth;
  }

  public UpstreamTlsSpec getTls() {
    return tls;
  }

  public void setTls(UpstreamTlsSpec tls) {
    this.tls = tls;
  }
}
