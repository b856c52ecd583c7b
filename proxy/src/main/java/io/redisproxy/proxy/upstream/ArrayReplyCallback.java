package io.redisproxy.proxy.upstream;

import io.netty.buffer.ByteBuf;

/**
 * A callback that merges the elements of an array reply (a split MGET): the connection records
 * where each element starts while it finds the end of the reply, so the merge does not scan the
 * reply a second time.
 */
public interface ArrayReplyCallback extends ReplyCallback {
  /** How many elements the reply should have; offsets are recorded only for that many. */
  int expectedElements();

  /**
   * The reply, and where each of its elements starts relative to its reader index followed by where
   * the last ends, as {@link io.redisproxy.proxy.resp.Replies#elementBounds} gives them; {@code
   * bounds} is null when the reply is no array of the expected length (an error, a redirect).
   */
  void onReply(ByteBuf reply, int[] bounds);

  @Override
  default void onReply(ByteBuf reply) {
    onReply(reply, null);
  }
}
