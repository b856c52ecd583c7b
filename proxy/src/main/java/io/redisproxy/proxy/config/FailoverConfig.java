package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;

/**
 * Regional failover of an upstream group: when none of its shard primaries has been reachable for
 * {@code after}, its traffic goes to {@code standby} (typically another region's proxy); once all
 * of them have been reachable again for {@code failbackAfter}, it comes back.
 */
@JsonPropertyOrder({"standby", "after", "failbackAfter"})
public record FailoverConfig(
    String standby,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration after,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration failbackAfter) {

  public FailoverConfig {
    after = after != null ? after : Duration.ofSeconds(3);
    failbackAfter = failbackAfter != null ? failbackAfter : Duration.ofSeconds(10);
  }

  public FailoverConfig(String standby) {
    this(standby, null, null);
  }
}
