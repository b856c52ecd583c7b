package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A password that clients, or the proxies and replicas, must give with AUTH. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {
  @Required
  @JsonPropertyDescription(
      "The Secret key holding the password. The proxies read it from a mounted file, so a rotated Secret applies without a restart.")
  private SecretKeyRef passwordSecret;

  public SecretKeyRef getPasswordSecret() {
    return passwordSecret;
  }

  public void setPasswordSecret(SecretKeyRef passwordSecret) {
    this.passwordSecret = passwordSecret;
  }
}
