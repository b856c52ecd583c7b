package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Bounds that keep one client, or many, from exhausting the proxy. {@code maxRequestBytes} matches
 * Redis' own {@code proto-max-bulk-len} default order of magnitude for a whole request. {@code
 * refuseCommands}: commands (such as {@code flushall}) or subcommands ({@code config|set}) the
 * proxy refuses to every client, as Redis' rename-command would hide them.
 */
@JsonPropertyOrder({"maxClients", "maxRequestBytes", "maxPipelineDepth", "refuseCommands"})
public record LimitsConfig(
    Integer maxClients,
    Integer maxRequestBytes,
    Integer maxPipelineDepth,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> refuseCommands) {

  public static final LimitsConfig DEFAULTS = new LimitsConfig(null, null, null);

  public LimitsConfig {
    maxClients = maxClients != null ? maxClients : 10_000;
    maxRequestBytes = maxRequestBytes != null ? maxRequestBytes : 64 * 1024 * 1024;
    maxPipelineDepth = maxPipelineDepth != null ? maxPipelineDepth : 1024;
    refuseCommands = refuseCommands != null ? List.copyOf(refuseCommands) : List.of();
  }

  public LimitsConfig(Integer maxClients, Integer maxRequestBytes, Integer maxPipelineDepth) {
    this(maxClients, maxRequestBytes, maxPipelineDepth, null);
  }
}
