package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Who may talk to the proxy. {@code passwords} (and the contents of {@code passwordFiles}, such as
 * mounted Kubernetes Secrets) are accepted by {@code AUTH <password>} as the user {@code default};
 * {@code users} by {@code AUTH <user> <password>}. With none, no AUTH is required.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"passwords", "passwordFiles", "users"})
public record AuthConfig(List<String> passwords, List<String> passwordFiles, List<User> users) {
  public static final AuthConfig NONE = new AuthConfig(null, null, null);

  public AuthConfig {
    passwords = passwords != null ? List.copyOf(passwords) : List.of();
    passwordFiles = passwordFiles != null ? List.copyOf(passwordFiles) : List.of();
    users = users != null ? List.copyOf(users) : List.of();
  }

  public AuthConfig(List<String> passwords, List<User> users) {
    this(passwords, null, users);
  }

  public boolean required() {
    return !passwords.isEmpty() || !users.isEmpty();
  }

  /** A named client identity, as in Redis ACLs; the password inline or in a file. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "password", "passwordFile"})
  public record User(String name, String password, String passwordFile) {
    public User(String name, String password) {
      this(name, password, null);
    }
  }
}
