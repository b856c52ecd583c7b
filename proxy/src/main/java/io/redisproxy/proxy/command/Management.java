package io.redisproxy.proxy.command;

/**
 * How the proxy serves each subcommand of SCRIPT, FUNCTION and CONFIG, so that the shards behave as
 * one server: what changes scripts, functions or settings goes to every shard; what asks about them
 * gets one answer that is true of all of them.
 */
public enum Management {
  /**
   * SCRIPT LOAD, SCRIPT FLUSH: every primary and every replica, since Redis 7 replicates neither
   * and reads sent to replicas must find the scripts too. The shards' common reply, or the first
   * error.
   */
  EVERY_NODE,
  /**
   * FUNCTION LOAD, DELETE, FLUSH, RESTORE; CONFIG SET, RESETSTAT: every primary (functions reach
   * the replicas by replication). The shards' common reply, or the first error.
   */
  EVERY_PRIMARY,
  /** SCRIPT KILL, FUNCTION KILL: every node; OK where a script was killed on any of them. */
  KILL,
  /** SCRIPT EXISTS: every primary; 1 only where every one of them has the script. */
  SCRIPT_EXISTS,
  /** FUNCTION LIST: every primary; the libraries every one of them has. */
  FUNCTION_LIST,
  /** FUNCTION STATS: every primary; the one running a function, else the first. */
  FUNCTION_STATS,
  /**
   * CONFIG GET, FUNCTION DUMP, the HELP subcommands: the same on every shard, so one shard answers
   * (the shards hold the same functions, though not in the same order, so their dumps differ).
   */
  ONE_SHARD;

  /** The form of a request of SCRIPT, FUNCTION or CONFIG with a subcommand served by the proxy. */
  public static Management of(Arguments args) {
    if (args.is(0, "SCRIPT")) {
      return args.is(1, "LOAD") || args.is(1, "FLUSH")
          ? EVERY_NODE
          : args.is(1, "KILL") ? KILL : args.is(1, "EXISTS") ? SCRIPT_EXISTS : ONE_SHARD;
    }
    if (args.is(0, "FUNCTION")) {
      if (args.is(1, "KILL")) {
        return KILL;
      } else if (args.is(1, "LIST")) {
        return FUNCTION_LIST;
      } else if (args.is(1, "STATS")) {
        return FUNCTION_STATS;
      }
      return args.is(1, "HELP") || args.is(1, "DUMP") ? ONE_SHARD : EVERY_PRIMARY;
    }
    return args.is(1, "SET") || args.is(1, "RESETSTAT") ? EVERY_PRIMARY : ONE_SHARD;
  }
}
