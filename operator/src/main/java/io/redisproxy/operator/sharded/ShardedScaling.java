package io.redisproxy.operator.sharded;

import io.redisproxy.operator.sharded.ReshardingPlan.ProxyReport;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a change of {@code shards} comes to in mode Sharded: the servers to keep, the group to give
 * the proxies and whether the mover runs. A move starts once the servers of every shard it touches
 * are ready, and waits in its first phase for every proxy; it goes through its phases as {@link
 * ReshardingPlan} says; the servers of shards that go are removed only once every proxy routes by
 * the new list alone. A topology whose servers do not exist yet holds no key, so it takes the list
 * wanted at once. Pure, but for asking the proxies, which it does only while something is to do.
 *
 * @param present how many shards' servers are to exist: every shard keys move from or to
 * @param routed the group to give the proxies
 * @param runMover whether the mover is to move keys now
 * @param waitingFor why the topology is not yet as the spec asks, or null once it is
 */
public record ShardedScaling(
    int present, UpstreamConfig routed, boolean runMover, String waitingFor) {

  /**
   * @param live the group the proxies are given now
   * @param wanted the shards the spec asks for
   * @param running how many shards' servers exist
   * @param serversReady whether the servers of every shard of {@code live} and {@code wanted} are
   *     ready
   * @param moveId the id a move started now gets
   * @param proxies what every proxy of the group reports, asked only when needed
   * @param moverDone whether the mover found no key left to move for the live move
   */
  public static ShardedScaling of(
      UpstreamConfig live,
      List<ShardConfig> wanted,
      int running,
      boolean serversReady,
      String moveId,
      Supplier<List<ProxyReport>> proxies,
      boolean moverDone) {
    if (running == 0) {
      return new ShardedScaling(wanted.size(), live.withShards(wanted), false, null);
    }
    boolean asWanted = names(live.shards()).equals(names(wanted));
    int routedShards = live.shards().size();
    if (!live.moving() && asWanted && running <= routedShards) {
      return new ShardedScaling(routedShards, live, false, null);
    }
    if (live.moving()) {
      ReshardingPlan.Step step =
          ReshardingPlan.next(live, wanted, moveId, proxies.get(), moverDone);
      String waiting = step.waitingFor();
      if (!asWanted) {
        waiting +=
            "; spec.redis.shards now asks for "
                + wanted.size()
                + " shards: keys move there once this move to "
                + routedShards
                + " has ended";
      }
      return new ShardedScaling(
          Math.max(running, live.allShards().size()),
          step.publish() != null ? step.publish() : live,
          step.runMover(),
          waiting);
    }
    if (asWanted) {
      // The last move ended: the servers of the shards that went can go once every proxy knows.
      String lingering = stillMoving(live.name(), proxies.get());
      return lingering != null
          ? new ShardedScaling(running, live, false, lingering)
          : new ShardedScaling(routedShards, live, false, null);
    }
    int present = Math.max(running, Math.max(routedShards, wanted.size()));
    if (!serversReady) {
      return new ShardedScaling(
          present,
          live,
          false,
          "keys are to move from "
              + routedShards
              + " shards to "
              + wanted.size()
              + " once the servers of every shard are ready");
    }
    // A new move waits in its first phase for every proxy, whichever config it had before.
    ReshardingPlan.Step start = ReshardingPlan.next(live, wanted, moveId, List.of(), false);
    return new ShardedScaling(present, start.publish(), false, start.waitingFor());
  }

  /** Which proxy has not yet dropped a move of {@code upstream}, or null when none. */
  private static String stillMoving(String upstream, List<ProxyReport> proxies) {
    for (ProxyReport proxy : proxies) {
      if (proxy.error() != null) {
        return "proxy " + proxy.proxy() + " cannot be asked how far it is: " + proxy.error();
      }
      for (ReshardingPlan.Move move : proxy.moves()) {
        if (move.upstream().equals(upstream)) {
          return "proxy " + proxy.proxy() + " still serves move " + move.id();
        }
      }
    }
    return null;
  }

  private static List<String> names(List<ShardConfig> shards) {
    return shards.stream().map(ShardConfig::name).toList();
  }
}
