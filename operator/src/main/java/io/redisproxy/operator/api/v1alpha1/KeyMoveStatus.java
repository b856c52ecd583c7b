package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * A change of mode Sharded's shards under way: keys moving to the shard the new list puts them on.
 * It also keeps where the mover stands, so a restarted operator goes on from there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyMoveStatus {
  @JsonPropertyDescription("Names this move; the proxies report their phase of it.")
  private String id;

  @JsonPropertyDescription("The shards keys move from.")
  private Integer fromShards;

  @JsonPropertyDescription("The shards keys move to.")
  private Integer shards;

  @JsonPropertyDescription(
      "hold while the proxies learn of the move (requests on moving keys wait), move while keys"
          + " move.")
  private String phase;

  @JsonPropertyDescription("Keys the mover moved since this move began.")
  private Long keysMoved;

  @JsonPropertyDescription("The previous shard the mover walks now, by its index.")
  private Integer scanShard;

  @JsonPropertyDescription("The mover's SCAN cursor on that shard.")
  private String scanCursor;

  @JsonPropertyDescription("Keys found out of place in the mover's current pass so far.")
  private Long keysFoundInPass;

  @JsonPropertyDescription("True once a whole pass found no key out of place.")
  private Boolean done;

  public KeyMoveStatus() {}

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public Integer getFromShards() {
    return fromShards;
  }

  public void setFromShards(Integer fromShards) {
    this.fromShards = fromShards;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Long getKeysMoved() {
    return keysMoved;
  }

  public void setKeysMoved(Long keysMoved) {
    this.keysMoved = keysMoved;
  }

  public Integer getScanShard() {
    return scanShard;
  }

  public void setScanShard(Integer scanShard) {
    this.scanShard = scanShard;
  }

  public String getScanCursor() {
    return scanCursor;
  }

  public void setScanCursor(String scanCursor) {
    this.scanCursor = scanCursor;
  }

  public Long getKeysFoundInPass() {
    return keysFoundInPass;
  }

  public void setKeysFoundInPass(Long keysFoundInPass) {
    this.keysFoundInPass = keysFoundInPass;
  }

  public Boolean getDone() {
    return done;
  }

  public void setDone(Boolean done) {
    this.done = done;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyMoveStatus that
        && Objects.equals(id, that.id)
        && Objects.equals(fromShards, that.fromShards)
        && Objects.equals(shards, that.shards)
        && Objects.equals(phase, that.phase)
        && Objects.equals(keysMoved, that.keysMoved)
        && Objects.equals(scanShard, that.scanShard)
        && Objects.equals(scanCursor, that.scanCursor)
        && Objects.equals(keysFoundInPass, that.keysFoundInPass)
        && Objects.equals(done, that.done);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, shards, keysMoved);
  }
}
