package io.redisproxy.proxy.server;

import io.redisproxy.proxy.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks AUTH credentials against the config, in constant time. */
final class Authenticator {
  static final String DEFAULT_USER = "default";

  private final AuthConfig config;

  Authenticator(AuthConfig config) {
    this.config = config;
  }

  boolean required() {
    return config.required();
  }

  /** Whether {@code user} (null for the one-argument AUTH) may log in with {@code password}. */
  boolean accepts(String user, String password) {
    boolean ok = false;
    if (user == null || user.equals(DEFAULT_USER)) {
      for (String accepted : config.passwords()) {
        ok |= same(accepted, password);
      }
    }
    for (AuthConfig.User candidate : config.users()) {
      boolean named =
          user == null ? candidate.name().equals(DEFAULT_USER) : candidate.name().equals(user);
      ok |= named && same(candidate.password(), password);
    }
    return ok;
  }

  private static boolean same(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
