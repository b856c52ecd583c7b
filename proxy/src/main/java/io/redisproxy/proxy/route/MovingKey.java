package io.redisproxy.proxy.route;

/**
 * A key of a group that moves keys to a new shard list, which the previous list placed elsewhere.
 *
 * @param from the shard the previous list put it on; null while the sentinels have not named that
 *     shard's primary, when the key can neither move nor be found
 */
public record MovingKey(Upstream upstream, Shard from) {}
