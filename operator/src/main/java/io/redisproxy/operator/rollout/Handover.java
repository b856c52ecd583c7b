package io.redisproxy.operator.rollout;

import java.util.List;

/** Moves a shard's primary role to one of its replicas without losing an acknowledged write. */
public interface Handover {
  /**
   * Makes one of {@code replicas} the primary of shard {@code shard} (its name on the hash ring,
   * which is also the name its sentinels monitor it by) in place of {@code primary} (addresses,
   * host:port), and returns the new primary's address. {@code replicas} are every replica of the
   * shard: whichever the engine promotes must be watched for.
   *
   * @throws HandoverException when the role did not move; the former primary then serves as before
   */
  String handOver(String shard, String primary, List<String> replicas);

  /**
   * The same, promoting {@code target} (one of {@code replicas}) where the engine lets it be
   * chosen; another in-sync replica may be promoted instead, which loses nothing either.
   */
  String handOverTo(String shard, String primary, List<String> replicas, String target);

  /** Why a primary role did not move. */
  final class HandoverException extends RuntimeException {
    public HandoverException(String message) {
      super(message);
    }

    public HandoverException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
