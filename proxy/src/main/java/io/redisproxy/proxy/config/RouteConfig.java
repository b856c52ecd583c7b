package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Sends keys that start with {@code prefix} to an upstream group. The longest matching prefix wins;
 * the empty prefix is the catch-all. Its {@code mirrors} receive copies of its commands.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"prefix", "upstream", "mirrors"})
public record RouteConfig(String prefix, String upstream, List<MirrorConfig> mirrors) {
  public RouteConfig {
    prefix = prefix != null ? prefix : "";
    mirrors = mirrors != null ? List.copyOf(mirrors) : List.of();
  }

  public RouteConfig(String prefix, String upstream) {
    this(prefix, upstream, null);
  }
}
