package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The proxy's time limits, written as 250ms, 2s, 5m or 1h. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeoutsSpec {
  static final String DURATION = "^[0-9]+(ms|s|m|h)$";

  @Pattern(DURATION)
  @JsonPropertyDescription("Connecting to a Redis server (default 1s).")
  private String connect;

  @Pattern(DURATION)
  @JsonPropertyDescription("A Redis server's reply to one command (default 1s).")
  private String operation;

  @Pattern(DURATION)
  @JsonPropertyDescription("Closing idle client connections; 0s (default) keeps them.")
  private String idleClient;

  @Pattern(DURATION)
  @JsonPropertyDescription("Draining client connections on shutdown (default 5s).")
  private String shutdownGrace;

  @Pattern(DURATION)
  @JsonPropertyDescription("The longest wait between reconnect attempts (default 2s).")
  private String reconnectMax;

  public String getConnect() {
    return connect;
  }

  public void setConnect(String connect) {
    this.connect = connect;
  }

  public String getOperation() {
    return operation;
  }

  public void setOperation(String operation) {
    this.operation = operation;
  }

  public String getIdleClient() {
    return idleClient;
  }

  public void setIdleClient(String idleClient) {
    this.idleClient = idleClient;
  }

  public String getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(String shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public String getReconnectMax() {
    return reconnectMax;
  }

  public void setReconnectMax(String reconnectMax) {
    this.reconnectMax = reconnectMax;
  }
}
