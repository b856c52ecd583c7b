package io.redisproxy.operator.rollout;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of {@code INFO replication} a handover looks at. */
record ReplicationInfo(Map<String, String> fields) {
  static ReplicationInfo parse(String info) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return new ReplicationInfo(fields);
  }

  boolean primary() {
    return "master".equals(fields.get("role"));
  }

  /** Whether a replica's link to its primary is up. */
  boolean linked() {
    return "up".equals(fields.get("master_link_status"));
  }

  /** How far a primary's replication stream has gone. */
  long primaryOffset() {
    return Long.parseLong(fields.getOrDefault("master_repl_offset", "-1"));
  }

  /** How much of its primary's replication stream a replica has applied. */
  long replicaOffset() {
    return Long.parseLong(fields.getOrDefault("slave_repl_offset", "-1"));
  }
}
