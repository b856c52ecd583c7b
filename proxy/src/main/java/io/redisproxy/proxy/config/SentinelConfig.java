package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import java.time.Duration;
import java.util.List;

/**
 * Redis Sentinel decides which server of each shard is the primary: the group's shards name the
 * masters the sentinels monitor, and the proxy asks the sentinels for each one's primary and
 * replicas, follows {@code +switch-master} at once, and asks again every {@code refreshInterval}.
 * The hash ring is over the shard names, so a failover moves no key to another shard.
 *
 * @param auth what the proxy presents to the sentinels (the group's own {@code auth} is for the
 *     Redis servers); none by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"addresses", "auth", "refreshInterval"})
public record SentinelConfig(
    List<String> addresses,
    UpstreamAuth auth,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration refreshInterval) {

  public SentinelConfig {
    addresses = addresses != null ? List.copyOf(addresses) : List.of();
    auth = auth != null ? auth : UpstreamAuth.NONE;
    refreshInterval = refreshInterval != null ? refreshInterval : Duration.ofSeconds(2);
  }

  public SentinelConfig(List<String> addresses) {
    this(addresses, null, null);
  }
}
