package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Sends keys that start with {@code prefix} to an upstream group. The longest matching prefix wins;
 * the empty prefix is the catch-all. Its {@code mirrors} receive copies of its commands.
 *
 * @param readUpstream where reads of these keys go, when not to {@code upstream} (read locally,
 *     write remotely)
 * @param caseInsensitive match the prefix ignoring ASCII case
 * @param removePrefix send the keys to the upstream without the prefix (they are hashed without it
 *     too, so the upstream holds exactly the keys it would hold without the proxy)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "prefix",
  "caseInsensitive",
  "removePrefix",
  "upstream",
  "readUpstream",
  "mirrors"
})
public record RouteConfig(
    String prefix,
    String upstream,
    List<MirrorConfig> mirrors,
    String readUpstream,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean caseInsensitive,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean removePrefix) {
  public RouteConfig {
    prefix = prefix != null ? prefix : "";
    mirrors = mirrors != null ? List.copyOf(mirrors) : List.of();
    caseInsensitive = caseInsensitive != null ? caseInsensitive : Boolean.FALSE;
    removePrefix = removePrefix != null ? removePrefix : Boolean.FALSE;
  }

  public RouteConfig(String prefix, String upstream, List<MirrorConfig> mirrors) {
    this(prefix, upstream, mirrors, null, null, null);
  }

  public RouteConfig(String prefix, String upstream) {
    this(prefix, upstream, null, null, null, null);
  }
}
