package io.redisproxy.proxy.command;

/** How the proxy serves a command. One request class per kind of handling. */
public enum Handling {
  /** Forwarded whole to the one shard that holds all its keys; {@code -CROSSSLOT} otherwise. */
  FORWARD,
  /** MGET: split per shard, replies merged back into the client's key order. */
  SPLIT_VALUES,
  /** MSET: key-value pairs split per shard; OK when every shard said OK. */
  SPLIT_PAIRS,
  /** DEL, UNLINK, EXISTS, TOUCH: split per shard, integer replies summed. */
  SPLIT_COUNT,
  /** DBSIZE: sent to every shard, integer replies summed. */
  ALL_SUM,
  /** FLUSHDB, FLUSHALL: sent to every shard; OK when every shard said OK. */
  ALL_OK,
  /** LASTSAVE: sent to every shard, the smallest integer reply: when all of the data was saved. */
  ALL_MIN,
  /** KEYS: sent to every shard, array replies concatenated. */
  ALL_CONCAT,
  /** SCAN: walks shard by shard behind one cursor. */
  SCAN,
  /** RANDOMKEY: any one shard. */
  ANY_SHARD,
  /**
   * BLPOP and the other blocking commands: forwarded to the one shard of their keys on a connection
   * of their own, so a block never holds up the connection other clients share.
   */
  BLOCKING,
  /**
   * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs: the client's subscriptions held on
   * connections of its own to the shards (see {@link Subscription}). PUBLISH and SPUBLISH are
   * forwarded like keyed writes: the channel is hashed like a key.
   */
  SUBSCRIBE,
  /** WAIT: the client's writes on every shard, acknowledged by the shards' replicas. */
  WAIT,
  /** PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB: asked of every shard, merged. */
  PUBSUB_QUERY,
  /**
   * MULTI, EXEC, DISCARD: a transaction queued in the proxy, sent whole at EXEC; WATCH and UNWATCH,
   * held on a connection of the client's own.
   */
  TRANSACTION,
  /**
   * SCRIPT, FUNCTION and CONFIG: a change goes to every shard, a question is answered for all of
   * them, as one server would; see {@link Management}.
   */
  MANAGEMENT,
  /** Answered by the proxy itself (PING, ECHO, HELLO, INFO, AUTH, ...). */
  LOCAL
}
