package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One managed shard as observed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShardStatus {
  @JsonPropertyDescription("The shard's name on the hash ring.")
  private String name;

  @JsonPropertyDescription("The pod running the shard's primary.")
  private String primary;

  @JsonPropertyDescription("The shard's pods, primary first.")
  private List<String> pods = new ArrayList<>();

  @JsonPropertyDescription("Ready pods out of all, as 2/2.")
  private String ready;

  @JsonPropertyDescription(
      "The zone of each scheduled pod, from its node's topology label. A shard whose pods share a"
          + " zone loses all of them with that zone.")
  private Map<String, String> zones = new LinkedHashMap<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPrimary() {
    return primary;
  }

  public void setPrimary(String primary) {
    this.primary = primary;
  }

  public List<String> getPods() {
    return pods;
  }

  public void setPods(List<String> pods) {
    this.pods = pods;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public Map<String, String> getZones() {
    return zones;
  }

  public void setZones(Map<String, String> zones) {
    this.zones = zones;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardStatus that
        && Objects.equals(name, that.name)
        && Objects.equals(primary, that.primary)
        && Objects.equals(pods, that.pods)
        && Objects.equals(ready, that.ready)
        && Objects.equals(zones, that.zones);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, primary, pods, ready, zones);
  }
}
