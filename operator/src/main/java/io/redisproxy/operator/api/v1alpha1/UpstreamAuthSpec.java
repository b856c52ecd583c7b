package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** How the proxy authenticates to a group's servers or to a remote proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpstreamAuthSpec {
  @JsonPropertyDescription("The ACL user (default: the default user).")
  private String username;

  @Required
  @JsonPropertyDescription("The Secret key holding the password.")
  private SecretKeyRef passwordSecret;

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public SecretKeyRef getPasswordSecret() {
    return passwordSecret;
  }

  public void setPasswordSecret(SecretKeyRef passwordSecret) {
    this.passwordSecret = passwordSecret;
  }
}
