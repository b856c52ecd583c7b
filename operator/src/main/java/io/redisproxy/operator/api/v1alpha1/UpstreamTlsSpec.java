package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS from the proxy to a group's servers or to a remote proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpstreamTlsSpec {
  @JsonPropertyDescription(
      "The Secret key holding the PEM certificates that sign the servers' certificates (key default ca.crt); without it, the proxy trusts the public CAs of its JVM.")
  private SecretKeyRef caSecret;

  @JsonPropertyDescription(
      "The name the servers' certificates must carry (default: the host each is reached by).")
  private String serverName;

  @JsonPropertyDescription("Whether a certificate must name its server (default true).")
  private Boolean verifyHostname;

  public SecretKeyRef getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(SecretKeyRef caSecret) {
    this.caSecret = caSecret;
  }

  public String getServerName() {
    return serverName;
  }

  public void setServerName(String serverName) {
    this.serverName = serverName;
  }

  public Boolean getVerifyHostname() {
    return verifyHostname;
  }

  public void setVerifyHostname(Boolean verifyHostname) {
    this.verifyHostname = verifyHostname;
  }
}
