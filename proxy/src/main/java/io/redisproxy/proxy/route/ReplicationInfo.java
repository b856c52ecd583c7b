package io.redisproxy.proxy.route;

/**
 * What a server says about its replication in {@code INFO replication}.
 *
 * @param role {@code master} or {@code slave}, as Redis spells it; null when the reply has none
 * @param linkStatus {@code master_link_status} of a replica ({@code up} or {@code down}), else null
 * @param offset the replication offset the server has reached: {@code slave_repl_offset} on a
 *     replica, {@code master_repl_offset} otherwise; -1 when the reply has neither
 */
public record ReplicationInfo(String role, String linkStatus, long offset) {

  public static ReplicationInfo parse(String text) {
    String role = null;
    String linkStatus = null;
    long primaryOffset = -1;
    long replicaOffset = -1;
    for (String line : text.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0 || line.startsWith("#")) {
        continue;
      }
      String value = line.substring(colon + 1).strip();
      switch (line.substring(0, colon)) {
        case "role" -> role = value;
        case "master_link_status" -> linkStatus = value;
        case "master_repl_offset" -> primaryOffset = number(value);
        case "slave_repl_offset" -> replicaOffset = number(value);
        default -> {
          // Other fields do not decide whether reads may use the server.
        }
      }
    }
    return new ReplicationInfo(
        role, linkStatus, replicaOffset >= 0 ? replicaOffset : primaryOffset);
  }

  public boolean isPrimary() {
    return "master".equals(role);
  }

  /** Whether a replica's link to its primary is up. */
  public boolean linkUp() {
    return "up".equals(linkStatus);
  }

  public boolean isReplica() {
    return "slave".equals(role);
  }

  /** Why reads must skip this server as a replica, or null when its data is current. */
  String problem() {
    if (!isReplica()) {
      return "it reports role:" + role + ", not a replica";
    }
    if (!"up".equals(linkStatus)) {
      return "its link to the primary is down (master_link_status:" + linkStatus + ")";
    }
    return null;
  }

  private static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
