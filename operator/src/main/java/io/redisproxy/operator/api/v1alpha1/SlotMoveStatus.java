package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A change of mode Cluster's shards under way: slots moving to spread evenly over them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SlotMoveStatus {
  @JsonPropertyDescription("The shards the slots are being spread over.")
  private Integer shards;

  @JsonPropertyDescription("Slots still to change shards.")
  private Integer slotsToMove;

  @JsonPropertyDescription("Slots moved since the move to these shards began.")
  private Integer slotsMoved;

  public SlotMoveStatus() {}

  public SlotMoveStatus(int shards, int slotsToMove, int slotsMoved) {
    this.shards = shards;
    this.slotsToMove = slotsToMove;
    this.slotsMoved = slotsMoved;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getSlotsToMove() {
    return slotsToMove;
  }

  public void setSlotsToMove(Integer slotsToMove) {
    this.slotsToMove = slotsToMove;
  }

  public Integer getSlotsMoved() {
    return slotsMoved;
  }

  public void setSlotsMoved(Integer slotsMoved) {
    this.slotsMoved = slotsMoved;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotMoveStatus that
        && Objects.equals(shards, that.shards)
        && Objects.equals(slotsToMove, that.slotsToMove)
        && Objects.equals(slotsMoved, that.slotsMoved);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shards, slotsToMove, slotsMoved);
  }
}
