package io.redisproxy.operator.model;

/** The redis.conf every managed Redis server starts with. */
final class RedisConf {
  static final String DATA_DIR = "/data";
  static final String TLS_DIR = "/etc/redis-tls";

  private RedisConf() {}

  /**
   * The operator's lines, then {@code extra} from the spec. Replication is not set here: the
   * container passes {@code --replicaof} to the primary the sentinels name (on a shard's first
   * start, to pods other than its first), and in a Redis Cluster the operator makes them replicas
   * once the cluster is formed.
   */
  static String render(String extra, boolean cluster, boolean tls) {
    StringBuilder conf =
        new StringBuilder()
            .append("# Written by redis-proxy-operator from a RedisProxy resource.\n")
            .append(tls ? "port 0\ntls-port " : "port ")
            .append(RedisProxyModel.REDIS_PORT)
            .append('\n')
            .append("bind 0.0.0.0\n")
            // Only the pod's proxy and the shard's replicas connect, over the pod network.
            .append("protected-mode no\n")
            .append("dir ")
            .append(DATA_DIR)
            .append('\n')
            // A restarted server loads what it acknowledged up to a second before it stopped,
            // instead of starting empty; the data volume keeps it across pod restarts.
            .append("appendonly yes\n")
            .append("appendfsync everysec\n");
    if (tls) {
      // Clients need no certificate of their own: AUTH, when set, says who they are.
      conf.append("tls-cert-file " + TLS_DIR + "/tls.crt\n")
          .append("tls-key-file " + TLS_DIR + "/tls.key\n")
          .append("tls-ca-cert-file " + TLS_DIR + "/ca.crt\n")
          .append("tls-auth-clients no\n")
          .append("tls-replication yes\n")
          .append("tls-cluster yes\n");
    }
    if (cluster) {
      // nodes.conf lives with the data: a pod that keeps its volume keeps its place.
      conf.append("cluster-enabled yes\n")
          .append("cluster-config-file nodes.conf\n")
          .append("cluster-node-timeout 5000\n");
    }
    if (extra != null && !extra.isBlank()) {
      conf.append("# From spec.redis.config:\n").append(extra.strip()).append('\n');
    }
    return conf.toString();
  }
}
