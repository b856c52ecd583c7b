package io.redisproxy.operator.sharded;

import io.redisproxy.proxy.config.Resharding;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.List;

/**
 * The next step of changing a hash-sharded group's shard list without losing a key, from the group
 * the proxies are given now, the list wanted and what the proxies report. A move goes through its
 * phases ({@link Resharding}) only once every proxy has reached the last one; the mover runs once
 * every proxy moves keys itself; the group drops the move once the mover found no key left to move.
 * A change of the list wanted while keys move waits for that move to end, then starts its own.
 */
public final class ReshardingPlan {
  private ReshardingPlan() {}

  /** One move as one proxy serves it (its admin {@code /resharding}). */
  public record Move(String upstream, String id, String phase, boolean reached) {}

  /**
   * What one proxy reported.
   *
   * @param error why it could not be asked, or null
   */
  public record ProxyReport(String proxy, List<Move> moves, String error) {}

  /**
   * What to do now.
   *
   * @param publish the group to give the proxies, or null to keep what they have
   * @param runMover whether the mover is to move keys now
   * @param waitingFor why the move is not over, for the status; null once the group has the shards
   *     wanted and no move
   */
  public record Step(UpstreamConfig publish, boolean runMover, String waitingFor) {}

  /**
   * @param live the group the proxies are given now
   * @param wanted the shards it is to have
   * @param moveId the id a move started now gets
   * @param proxies what every proxy of the group reported
   * @param moverDone whether the mover found no key left to move for the live move
   */
  public static Step next(
      UpstreamConfig live,
      List<ShardConfig> wanted,
      String moveId,
      List<ProxyReport> proxies,
      boolean moverDone) {
    Resharding move = live.resharding();
    if (move == null) {
      if (names(live.shards()).equals(names(wanted))) {
        return new Step(null, false, null);
      }
      UpstreamConfig holding =
          live.withShards(wanted)
              .withResharding(new Resharding(moveId, Resharding.Phase.HOLD, live.shards()));
      return new Step(holding, false, "keys are to move to " + wanted.size() + " shards");
    }
    String behind = behind(live.name(), move, proxies);
    if (behind != null) {
      return new Step(null, false, behind);
    }
    if (move.phase() == Resharding.Phase.HOLD) {
      UpstreamConfig moving =
          live.withResharding(
              new Resharding(move.id(), Resharding.Phase.MOVE, move.previousShards()));
      return new Step(moving, false, "every proxy holds requests on moving keys");
    }
    if (!moverDone) {
      return new Step(
          null,
          true,
          "keys move from " + move.previousShards().size() + " shards to " + live.shards().size());
    }
    return new Step(live.withShards(live.shards()), false, "every key is on its new shard");
  }

  /** Which proxy has not reached the live phase of {@code move}, or null when all have. */
  private static String behind(String upstream, Resharding move, List<ProxyReport> proxies) {
    for (ProxyReport proxy : proxies) {
      if (proxy.error() != null) {
        return "proxy " + proxy.proxy() + " cannot be asked how far it is: " + proxy.error();
      }
      boolean reached =
          proxy.moves().stream()
              .anyMatch(
                  m ->
                      m.upstream().equals(upstream)
                          && m.id().equals(move.id())
                          && m.phase().equals(move.phase().configName())
                          && m.reached());
      if (!reached) {
        return "proxy "
            + proxy.proxy()
            + " has not reached phase "
            + move.phase().configName()
            + " of move "
            + move.id();
      }
    }
    return null;
  }

  private static List<String> names(List<ShardConfig> shards) {
    return shards.stream().map(ShardConfig::name).toList();
  }
}
