package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One shard: a primary Redis server and its replicas, given as {@code host:port}. The name is the
 * shard's identity on the hash ring, so renaming a shard moves its keys; it defaults to the
 * primary's address. In a group with {@code sentinel}, a shard gives only its name, which is also
 * the name the sentinels monitor it by: they say which server is its primary and which replicate
 * it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "primary", "replicas"})
public record ShardConfig(String name, String primary, List<String> replicas) {
  public ShardConfig {
    replicas = replicas != null ? List.copyOf(replicas) : List.of();
    name = name != null ? name : primary;
  }

  public ShardConfig(String primary) {
    this(null, primary, List.of());
  }
}
