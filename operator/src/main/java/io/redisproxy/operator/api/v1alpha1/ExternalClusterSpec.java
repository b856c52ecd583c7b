package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Redis Cluster run elsewhere, found from its seed nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalClusterSpec {
  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Some nodes of the cluster, as host:port; the proxy discovers the rest.")
  private List<String> seeds;

  @JsonPropertyDescription("How often the slot map is re-read (default 5s).")
  private String refreshInterval;

  public List<String> getSeeds() {
    return seeds;
  }

  public void setSeeds(List<String> seeds) {
    this.seeds = seeds;
  }

  public String getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(String refreshInterval) {
    this.refreshInterval = refreshInterval;
  }
}
