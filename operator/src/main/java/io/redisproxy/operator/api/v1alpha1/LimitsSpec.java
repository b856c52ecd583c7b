package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Bounds that keep one client, or many, from exhausting a proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitsSpec {
  @Min(1)
  @JsonPropertyDescription("Client connections per proxy (default 10000).")
  private Integer maxClients;

  @Min(1024)
  @JsonPropertyDescription("The largest request a client may send, in bytes (default 64 MiB).")
  private Integer maxRequestBytes;

  @Min(1)
  @JsonPropertyDescription("Requests a client may have in flight (default 1024).")
  private Integer maxPipelineDepth;

  @JsonPropertyDescription(
      "Commands (flushall) and subcommands (config|set) refused to every client with an error"
          + " that says so, as Redis' rename-command would hide them.")
  private List<String> refuseCommands;

  public Integer getMaxClients() {
    return maxClients;
  }

  public void setMaxClients(Integer maxClients) {
    this.maxClients = maxClients;
  }

  public Integer getMaxRequestBytes() {
    return maxRequestBytes;
  }

  public void setMaxRequestBytes(Integer maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  public Integer getMaxPipelineDepth() {
    return maxPipelineDepth;
  }

  public void setMaxPipelineDepth(Integer maxPipelineDepth) {
    this.maxPipelineDepth = maxPipelineDepth;
  }

  public List<String> getRefuseCommands() {
    return refuseCommands;
  }

  public void setRefuseCommands(List<String> refuseCommands) {
    this.refuseCommands = refuseCommands;
  }
}
