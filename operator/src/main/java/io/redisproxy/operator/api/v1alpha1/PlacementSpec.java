package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Where pods may run and how they spread. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementSpec {
  @JsonPropertyDescription(
      "Zones pods may run in (default: any). Pods spread evenly over them, and a shard's"
          + " primary and replicas prefer different zones.")
  private List<String> zones;

  @JsonPropertyDescription(
      "The node label that names a node's zone (default" + " topology.kubernetes.io/zone).")
  private String topologyKey;

  public List<String> getZones() {
    return zones;
  }

  public void setZones(List<String> zones) {
    this.zones = zones;
  }

  public String getTopologyKey() {
    return topologyKey;
  }

  public void setTopologyKey(String topologyKey) {
    this.topologyKey = topologyKey;
  }
}
