package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Who may talk to the proxy. {@code passwords} are accepted by {@code AUTH <password>} (as the user
 * {@code default}); {@code users} by {@code AUTH <user> <password>}. With neither, no AUTH is
 * required.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"passwords", "users"})
public record AuthConfig(List<String> passwords, List<User> users) {
  public static final AuthConfig NONE = new AuthConfig(null, null);

  public AuthConfig {
    passwords = passwords != null ? List.copyOf(passwords) : List.of();
    users = users != null ? List.copyOf(users) : List.of();
  }

  public boolean required() {
    return !passwords.isEmpty() || !users.isEmpty();
  }

  /** A named client identity, as in Redis ACLs. */
  @JsonPropertyOrder({"name", "password"})
  public record User(String name, String password) {}
}
