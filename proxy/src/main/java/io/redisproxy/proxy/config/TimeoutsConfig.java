package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;

/**
 * Time limits. Durations are written as {@code 250ms}, {@code 2s}, {@code 5m} or {@code 1h}. An
 * {@code idleClient} of {@code 0s} keeps idle clients forever, as Redis does by default.
 */
@JsonPropertyOrder({"connect", "operation", "idleClient", "shutdownGrace", "reconnectMax"})
public record TimeoutsConfig(
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration connect,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration operation,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration idleClient,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration shutdownGrace,
    @JsonSerialize(using = DurationText.Serializer.class)
        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration reconnectMax) {

  public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(null, null, null, null, null);

  public TimeoutsConfig {
    connect = connect != null ? connect : Duration.ofSeconds(1);
    operation = operation != null ? operation : Duration.ofSeconds(1);
    idleClient = idleClient != null ? idleClient : Duration.ZERO;
    shutdownGrace = shutdownGrace != null ? shutdownGrace : Duration.ofSeconds(5);
    reconnectMax = reconnectMax != null ? reconnectMax : Duration.ofSeconds(2);
  }
}
