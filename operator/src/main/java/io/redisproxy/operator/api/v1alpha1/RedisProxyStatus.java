package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed, as of {@code observedGeneration}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisProxyStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Invalid, Progressing, Ready or Degraded.")
  private Phase phase;

  @JsonPropertyDescription("Valid, Ready, Progressing and Degraded.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Sharded, Cluster, or External for a proxy tier over external Redis.")
  private String mode;

  @JsonPropertyDescription("Shards the proxy hashes over.")
  private Integer shards;

  @JsonPropertyDescription("Managed shards whose pods are all ready.")
  private Integer readyShards;

  @JsonPropertyDescription("Proxies serving clients: one per Redis pod, or the proxy tier's pods.")
  private Integer proxies;

  @JsonPropertyDescription("Proxies that are ready.")
  private Integer readyProxies;

  @JsonPropertyDescription("Ready proxies out of all, as 3/3.")
  private String ready;

  @JsonPropertyDescription("Where clients connect, as host:port.")
  private String endpoint;

  @JsonPropertyDescription("Each managed shard: its pods, its primary and how many are ready.")
  private List<ShardStatus> shardStatuses = new ArrayList<>();

  @JsonPropertyDescription("With mode Cluster: Formed, or Forming and what the operator waits for.")
  private String clusterState;

  @JsonPropertyDescription(
      "With mode Cluster, while slots move after a change of shards: how many are still to move.")
  private SlotMoveStatus slotMove;

  @JsonPropertyDescription(
      "With mode Sharded, while keys move after a change of shards: the move and how far it is.")
  private KeyMoveStatus keyMove;

  @JsonPropertyDescription("Each mirror target, as the proxies report it.")
  private List<MirrorStatus> mirrors = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getReadyShards() {
    return readyShards;
  }

  public void setReadyShards(Integer readyShards) {
    this.readyShards = readyShards;
  }

  public Integer getProxies() {
    return proxies;
  }

  public void setProxies(Integer proxies) {
    this.proxies = proxies;
  }

  public Integer getReadyProxies() {
    return readyProxies;
  }

  public void setReadyProxies(Integer readyProxies) {
    this.readyProxies = readyProxies;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public List<ShardStatus> getShardStatuses() {
    return shardStatuses;
  }

  public void setShardStatuses(List<ShardStatus> shardStatuses) {
    this.shardStatuses = shardStatuses;
  }

  public List<MirrorStatus> getMirrors() {
    return mirrors;
  }

  public void setMirrors(List<MirrorStatus> mirrors) {
    this.mirrors = mirrors;
  }

  public String getClusterState() {
    return clusterState;
  }

  public void setClusterState(String clusterState) {
    this.clusterState = clusterState;
  }

  public SlotMoveStatus getSlotMove() {
    return slotMove;
  }

  public void setSlotMove(SlotMoveStatus slotMove) {
    this.slotMove = slotMove;
  }

  public KeyMoveStatus getKeyMove() {
    return keyMove;
  }

  public void setKeyMove(KeyMoveStatus keyMove) {
    this.keyMove = keyMove;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisProxyStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && phase == that.phase
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(mode, that.mode)
        && Objects.equals(shards, that.shards)
        && Objects.equals(readyShards, that.readyShards)
        && Objects.equals(proxies, that.proxies)
        && Objects.equals(readyProxies, that.readyProxies)
        && Objects.equals(ready, that.ready)
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(shardStatuses, that.shardStatuses)
        && Objects.equals(clusterState, that.clusterState)
        && Objects.equals(slotMove, that.slotMove)
        && Objects.equals(keyMove, that.keyMove)
        && Objects.equals(mirrors, that.mirrors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, conditions, endpoint, ready);
  }
}
