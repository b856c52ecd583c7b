package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How this proxy mirrors, whatever the route.
 *
 * @param region this proxy's region, named by its mirroring connections ({@code CLIENT SETNAME
 *     redisproxy-mirror:<region>}); a proxy never mirrors what arrives on such a connection, so two
 *     regions may mirror each other
 * @param bufferCommands how many commands each mirror target may hold while it is slow or away
 * @param bufferBytes how many bytes of commands each mirror target may hold; past either bound new
 *     commands are dropped and counted
 */
@JsonPropertyOrder({"region", "bufferCommands", "bufferBytes"})
public record MirroringConfig(String region, Integer bufferCommands, Long bufferBytes) {
  public static final MirroringConfig DEFAULTS = new MirroringConfig(null, null, null);

  public MirroringConfig {
    region = region != null ? region : "default";
    bufferCommands = bufferCommands != null ? bufferCommands : 1_000_000;
    bufferBytes = bufferBytes != null ? bufferBytes : 256L * 1024 * 1024;
  }
}
