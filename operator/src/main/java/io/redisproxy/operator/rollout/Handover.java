package io.redisproxy.operator.rollout;

import java.util.List;

/** Moves a shard's primary role to one of its replicas without losing an acknowledged write. */
public interface Handover {
  /**
   * Makes one of {@code replicas} the primary of shard {@code shard} in place of {@code primary}
   * (addresses, host:port), and returns the new primary's address.
   *
   * @throws HandoverException when the role did not move; the former primary then serves as before
   */
  String handOver(int shard, String primary, List<String> replicas);

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
