package io.redisproxy.proxy.config;

import java.util.regex.Pattern;

/** A server address as written in the config: {@code host:port} or {@code [v6]:port}. */
public record HostPort(String host, int port) {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

  /** Parses {@code text}, or throws {@link IllegalArgumentException} saying what is expected. */
  public static HostPort parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("required, as host:port");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (host.isEmpty() || !host.contains(":")) {
        throw new IllegalArgumentException("'" + text + "' is not host:port");
      }
    } else if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("'" + text + "': port must be 1-65535");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
