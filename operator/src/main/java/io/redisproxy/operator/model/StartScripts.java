package io.redisproxy.operator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell that starts a Redis server or a sentinel in its container. Pure text: what runs is
 * decided here, once, from the model.
 */
final class StartScripts {
  /** The sentinel's state: its monitored primaries, epochs and peers, kept on its volume. */
  static final String SENTINEL_CONF = RedisConf.DATA_DIR + "/sentinel.conf";

  private StartScripts() {}

  /**
   * Starts {@code server} (the redis-server command line) in a shard whose primaries sentinels fail
   * over. It asks the sentinels which pod is the shard's primary and replicates it, so a former
   * primary never starts as one again after a failover. When no sentinel answers it asks the
   * shard's pods, and only on a shard's first start (nobody answers) does pod 0 start as the
   * primary. A pod the sentinels name as primary that lost its data (a new volume) starts as a
   * replica of a pod that answers: the sentinels see their primary report as a replica and fail it
   * over to the replica that holds the data, instead of the replicas copying an empty set.
   */
  static String sentinelledRedis(RedisProxyModel model, int shard, String server, String cli) {
    ResourceNames names = model.names();
    String me = names.hostOf("$POD_NAME");
    List<String> pods = new ArrayList<>();
    for (int ordinal = 0; ordinal < model.podsPerShard(); ordinal++) {
      pods.add(names.redisHost(shard, ordinal));
    }
    List<String> sentinels = new ArrayList<>();
    for (int ordinal = 0; ordinal < model.sentinelCount(); ordinal++) {
      sentinels.add(names.sentinelHost(ordinal));
    }
    String port = String.valueOf(RedisProxyModel.REDIS_PORT);
    return String.join(
        "\n",
        "me=\"" + me + "\"",
        "ask() { timeout 3 " + cli + " \"$@\" 2>/dev/null | head -n 1; }",
        "primary=\"\"",
        "for s in " + String.join(" ", sentinels) + "; do",
        "  a=$(ask -h \"$s\" -p "
            + RedisProxyModel.SENTINEL_PORT
            + " SENTINEL get-master-addr-by-name "
            + names.sentinelMaster(shard)
            + ")",
        "  case \"$a\" in \"\"|*[!A-Za-z0-9.-]*) ;; *) primary=\"$a\"; break ;; esac",
        "done",
        "if [ -z \"$primary\" ]; then",
        "  for p in " + String.join(" ", pods) + "; do",
        "    if [ \"$p\" != \"$me\" ] && [ \"$(ask -h \"$p\" -p "
            + port
            + " ROLE)\" = master ];"
            + " then primary=\"$p\"; break; fi",
        "  done",
        "fi",
        "if [ -z \"$primary\" ] && [ \"${POD_NAME##*-}\" != 0 ]; then primary=\""
            + pods.get(0)
            + "\"; fi",
        "if [ \"$primary\" = \"$me\" ] && [ ! -d "
            + RedisConf.DATA_DIR
            + "/appendonlydir ] && [ ! -s "
            + RedisConf.DATA_DIR
            + "/dump.rdb ]; then",
        "  for p in " + String.join(" ", pods) + "; do",
        "    if [ \"$p\" != \"$me\" ] && [ \"$(ask -h \"$p\" -p "
            + port
            + " PING)\" = PONG ];"
            + " then primary=\"$p\"; break; fi",
        "  done",
        "fi",
        "if [ -z \"$primary\" ] || [ \"$primary\" = \"$me\" ]; then",
        "  exec " + server + " --replica-announce-ip \"$me\"",
        "fi",
        "exec " + server + " --replica-announce-ip \"$me\" --replicaof \"$primary\" " + port);
  }

  /**
   * Starts a sentinel. Its state file lives on its volume and keeps what it learned (primaries,
   * epochs, peers); the lines that place it in this pod are written anew each start. It announces
   * its stable DNS name and reports servers by theirs, so that certificates and restarts with new
   * IP addresses hold. The operator tells it what to monitor.
   */
  static String sentinel(RedisProxyModel model, boolean auth, boolean tls) {
    ResourceNames names = model.names();
    String me = names.hostOf("$POD_NAME");
    String conf = SENTINEL_CONF;
    List<String> lines = new ArrayList<>();
    if (tls) {
      lines.add("port 0");
      lines.add("tls-port " + RedisProxyModel.SENTINEL_PORT);
      lines.add("tls-cert-file " + RedisConf.TLS_DIR + "/tls.crt");
      lines.add("tls-key-file " + RedisConf.TLS_DIR + "/tls.key");
      lines.add("tls-ca-cert-file " + RedisConf.TLS_DIR + "/ca.crt");
      lines.add("tls-auth-clients no");
      lines.add("tls-replication yes");
    } else {
      lines.add("port " + RedisProxyModel.SENTINEL_PORT);
    }
    lines.add("dir " + RedisConf.DATA_DIR);
    lines.add("sentinel resolve-hostnames yes");
    lines.add("sentinel announce-hostnames yes");
    StringBuilder script = new StringBuilder();
    script
        .append("state=\"\"\n")
        .append("if [ -f ")
        .append(conf)
        .append(" ]; then state=$(grep -E '^sentinel (myid|monitor|known-|config-epoch|")
        .append("leader-epoch|current-epoch|down-after-milliseconds|failover-timeout|")
        .append("parallel-syncs|auth-pass|sentinel-pass)' ")
        .append(conf)
        .append("); fi\n")
        .append("{\n");
    for (String line : lines) {
      script.append("  echo '").append(line).append("'\n");
    }
    script
        .append("  echo \"sentinel announce-ip ")
        .append(me)
        .append("\"\n")
        .append("  if [ -n \"$state\" ]; then echo \"$state\"; fi\n")
        .append("} > ")
        .append(conf)
        .append(".new && mv ")
        .append(conf)
        .append(".new ")
        .append(conf)
        .append('\n')
        .append("exec redis-server ")
        .append(conf)
        .append(" --sentinel")
        .append(auth ? " --requirepass \"$REDIS_PASSWORD\"" : "");
    return script.toString();
  }
}
