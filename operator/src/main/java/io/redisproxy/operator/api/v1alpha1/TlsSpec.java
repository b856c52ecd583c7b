package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** TLS on the client port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
  @Required
  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret (tls.crt, tls.key) holding the proxies' certificate and key. A renewed certificate applies to new connections without a restart.")
  private String secretName;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
