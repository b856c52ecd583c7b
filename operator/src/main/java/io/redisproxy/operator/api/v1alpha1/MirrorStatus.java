package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One mirror target as the proxies report it, summed over the proxies that answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MirrorStatus {
  @JsonPropertyDescription("The mirror target: a remote or an upstream group.")
  private String name;

  @JsonPropertyDescription("Proxies connected to it out of those that reported, as 3/3.")
  private String connected;

  @JsonPropertyDescription("Commands waiting in the proxies' replay buffers for it.")
  private Long bufferedCommands;

  @JsonPropertyDescription("Age of the oldest command it has not acknowledged, in seconds.")
  private Double lagSeconds;

  @JsonPropertyDescription(
      "Commands dropped because a replay buffer was full, since the proxies started.")
  private Long dropped;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getConnected() {
    return connected;
  }

  public void setConnected(String connected) {
    this.connected = connected;
  }

  public Long getBufferedCommands() {
    return bufferedCommands;
  }

  public void setBufferedCommands(Long bufferedCommands) {
    this.bufferedCommands = bufferedCommands;
  }

  public Double getLagSeconds() {
    return lagSeconds;
  }

  public void setLagSeconds(Double lagSeconds) {
    this.lagSeconds = lagSeconds;
  }

  public Long getDropped() {
    return dropped;
  }

  public void setDropped(Long dropped) {
    this.dropped = dropped;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MirrorStatus that
        && Objects.equals(name, that.name)
        && Objects.equals(connected, that.connected)
        && Objects.equals(bufferedCommands, that.bufferedCommands)
        && Objects.equals(lagSeconds, that.lagSeconds)
        && Objects.equals(dropped, that.dropped);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, connected, bufferedCommands, lagSeconds, dropped);
  }
}
