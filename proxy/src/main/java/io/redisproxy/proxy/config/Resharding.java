package io.redisproxy.proxy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * A change of a hash-sharded group's shard list while its keys move: {@code previousShards} is the
 * list the keys were placed by, the group's {@code shards} the one they move to. A key whose shard
 * is the same by both lists is served as always; any other key is <em>moving</em>.
 *
 * <p>Every proxy goes through the phases in order, and the one driving the move takes the next step
 * only once every proxy reports the last (admin {@code /resharding}):
 *
 * <ul>
 *   <li>{@link Phase#HOLD}: requests on moving keys wait. Proxies still on the previous list serve
 *       them from their previous shard meanwhile, and nothing has moved yet. A proxy reports the
 *       phase reached once every request it sent before it is answered.
 *   <li>{@link Phase#MOVE}: before a request on moving keys runs, the proxy moves them from their
 *       previous shard to their new one ({@code MIGRATE}, atomic on the source: a key is on exactly
 *       one of the two at any time), then sends it to the new one. A mover copies the rest.
 * </ul>
 *
 * Once no key is left where the previous list put it, the group's config drops {@code resharding}.
 *
 * @param id names one move, so a report of an earlier one is never taken for this one's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "phase", "previousShards"})
public record Resharding(String id, Phase phase, List<ShardConfig> previousShards) {
  public Resharding {
    phase = phase != null ? phase : Phase.HOLD;
    previousShards = previousShards != null ? List.copyOf(previousShards) : List.of();
  }

  /** How far a move has come; see {@link Resharding}. */
  public enum Phase implements ConfigEnum {
    HOLD,
    MOVE;

    @JsonValue
    @Override
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Phase fromConfig(String text) {
      return ConfigEnums.parse(Phase.class, text);
    }
  }
}
