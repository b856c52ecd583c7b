package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Bounds that keep one client, or many, from exhausting the proxy. {@code maxRequestBytes} matches
 * Redis' own {@code proto-max-bulk-len} default order of magnitude for a whole request.
 */
@JsonPropertyOrder({"maxClients", "maxRequestBytes", "maxPipelineDepth"})
public record LimitsConfig(Integer maxClients, Integer maxRequestBytes, Integer maxPipelineDepth) {

  public static final LimitsConfig DEFAULTS = new LimitsConfig(null, null, null);

  public LimitsConfig {
    maxClients = maxClients != null ? maxClients : 10_000;
    maxRequestBytes = maxRequestBytes != null ? maxRequestBytes : 64 * 1024 * 1024;
    maxPipelineDepth = maxPipelineDepth != null ? maxPipelineDepth : 1024;
  }
}
