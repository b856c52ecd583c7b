package io.redisproxy.proxy.sentinel;

import io.redisproxy.proxy.config.HostPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the sentinels' replies say, read from the RESP values a {@code RespClient} returns. */
final class SentinelReplies {
  /** Flags of a server the sentinel sees as down or cannot reach: not one to send reads to. */
  private static final Set<String> UNHEALTHY = Set.of("s_down", "o_down", "disconnected");

  private SentinelReplies() {}

  /**
   * One sentinel's view of a monitored master.
   *
   * @param configEpoch raised by every failover, so the highest names the latest primary
   * @param down the sentinel sees the primary as down (a failover may be on its way)
   */
  record MasterView(HostPort primary, long configEpoch, boolean down) {}

  /** The reply to {@code SENTINEL MASTER name}: a flat list of field names and values. */
  static MasterView master(Object reply) {
    Map<String, String> fields = fields(reply);
    HostPort primary = address(fields);
    String epoch = fields.get("config-epoch");
    return new MasterView(
        primary, epoch != null ? Long.parseLong(epoch) : 0, unhealthy(fields.get("flags")));
  }

  /**
   * The replicas in the reply to {@code SENTINEL REPLICAS name} that are fit to serve: not down,
   * connected, and with their link to the primary up.
   */
  static List<HostPort> healthyReplicas(Object reply) {
    List<HostPort> replicas = new ArrayList<>();
    for (Object entry : list(reply)) {
      Map<String, String> fields = fields(entry);
      if (!unhealthy(fields.get("flags")) && "ok".equals(fields.get("master-link-status"))) {
        replicas.add(address(fields));
      }
    }
    return replicas;
  }

  /** The view with the highest config epoch: the one that saw the latest failover. */
  static MasterView newest(List<MasterView> views) {
    MasterView newest = null;
    for (MasterView view : views) {
      if (newest == null || view.configEpoch() > newest.configEpoch()) {
        newest = view;
      }
    }
    return newest;
  }

  /** Whether the reply to {@code ROLE} says the server is a primary. */
  static boolean isPrimary(Object roleReply) {
    List<Object> role = list(roleReply);
    return !role.isEmpty() && "master".equals(role.get(0));
  }

  private static boolean unhealthy(String flags) {
    if (flags == null) {
      return true;
    }
    for (String flag : flags.split(",")) {
      if (UNHEALTHY.contains(flag)) {
        return true;
      }
    }
    return false;
  }

  private static HostPort address(Map<String, String> fields) {
    String host = fields.get("ip");
    String port = fields.get("port");
    if (host == null || port == null) {
      throw new IllegalArgumentException("a sentinel reply without ip and port: " + fields);
    }
    return new HostPort(host, Integer.parseInt(port));
  }

  /**
   * A replica a sentinel has just promoted, from a {@code +promoted-slave} message: {@code
   * [message, +promoted-slave, "slave <ip:port> <ip> <port> @ <master> <ip> <port>"]}.
   */
  record Promotion(String master, HostPort promoted) {}

  /** The promotion a pub/sub message announces, or null for any other message. */
  static Promotion promotion(Object message) {
    if (!(message instanceof List<?> items)
        || items.size() != 3
        || !"message".equals(items.get(0))
        || !"+promoted-slave".equals(items.get(1))) {
      return null;
    }
    String[] words = String.valueOf(items.get(2)).split(" ");
    if (words.length < 8 || !"@".equals(words[4])) {
      return null;
    }
    try {
      return new Promotion(words[5], new HostPort(words[2], Integer.parseInt(words[3])));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> fields(Object reply) {
    List<Object> items = list(reply);
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < items.size(); i += 2) {
      fields.put(String.valueOf(items.get(i)), String.valueOf(items.get(i + 1)));
    }
    return fields;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object reply) {
    if (reply instanceof List<?> items) {
      return (List<Object>) items;
    }
    throw new IllegalArgumentException("a sentinel reply that is not a list: " + reply);
  }
}
