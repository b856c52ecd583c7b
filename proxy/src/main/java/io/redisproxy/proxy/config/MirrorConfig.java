package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Copies a route's commands to another upstream group, typically the proxy of another region.
 * Mirroring is asynchronous and never slows or fails the client; what the target cannot take yet
 * waits in a bounded replay buffer (see {@link MirroringConfig}).
 *
 * @param upstream the group that receives the copies; it must have exactly one shard (the other
 *     region's proxy endpoint, or one Redis server)
 * @param excludeReadCommands mirror writes only (the default); MULTI ... EXEC counts as a write
 * @param fraction the share of commands mirrored, 0 to 1 (default 1: all)
 */
@JsonPropertyOrder({"upstream", "excludeReadCommands", "fraction"})
public record MirrorConfig(String upstream, Boolean excludeReadCommands, Double fraction) {
  public MirrorConfig {
    excludeReadCommands = excludeReadCommands != null ? excludeReadCommands : Boolean.TRUE;
    fraction = fraction != null ? fraction : 1.0;
  }

  public MirrorConfig(String upstream) {
    this(upstream, null, null);
  }
}
