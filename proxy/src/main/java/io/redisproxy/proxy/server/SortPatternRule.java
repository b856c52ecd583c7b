package io.redisproxy.proxy.server;

import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.SortPatterns;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.route.Shard;

/**
 * SORT and SORT_RO read the keys their BY and GET patterns name on the sorted key's server, so the
 * proxy serves a pattern only when every key it can name lives on that shard: the part before its
 * '*' holds a hash tag of that shard (the sorted key's own, as in {@code SORT {u}:list BY
 * {u}:w_*}), or the group has one shard.
 */
final class SortPatternRule {
  private SortPatternRule() {}

  /**
   * Why {@code request} cannot run on {@code shard}, the sorted key's (for a write, or for a read
   * when {@code write} is false), or null when it can.
   */
  static String refusal(
      ClientSession session, RespRequest request, CommandSpec spec, Shard shard, boolean write) {
    // A Redis Cluster refuses patterns itself, with its own error.
    if (!SortPatterns.sorts(spec) || shard.upstream().topology() != null) {
      return null;
    }
    RespRequest sent = request.original();
    RoutingTable routing = session.runtime().routing();
    for (int arg = SortPatterns.next(sent, 2); arg > 0; arg = SortPatterns.next(sent, arg + 1)) {
      int index = sent.offset(arg);
      int length = SortPatterns.fixedLength(sent, arg);
      Shard named =
          session.fromMirror()
              ? routing.localShardOfKeysStarting(sent.frame(), index, length)
              : routing.shardOfKeysStarting(sent.frame(), index, length, write);
      if (named != shard) {
        return "ERR SORT pattern '"
            + sent.text(arg)
            + "' is not served by the proxy: "
            + (routing.removedPrefix(sent.frame(), index, length) > 0
                ? "its route removes the prefix of the keys it names, which Redis would not"
                : "the keys it names may live on other shards than the sorted key; put the"
                    + " sorted key's hash tag before its '*', as in SORT {user}:list BY"
                    + " {user}:weight_*");
      }
    }
    return null;
  }
}
