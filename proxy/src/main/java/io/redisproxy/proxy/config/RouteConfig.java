package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Sends keys that start with {@code prefix} to an upstream group. The longest matching prefix wins;
 * the empty prefix is the catch-all.
 */
@JsonPropertyOrder({"prefix", "upstream"})
public record RouteConfig(String prefix, String upstream) {
  public RouteConfig {
    prefix = prefix != null ? prefix : "";
  }
}
