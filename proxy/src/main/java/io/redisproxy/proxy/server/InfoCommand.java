package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.route.Shard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO with Redis' section names. What describes the server a client talks to (server, clients,
 * replication) is the proxy's own; what describes the data (memory, stats, commandstats, keyspace)
 * is every shard primary's, merged by {@link InfoSections}. Sections come in Redis' order; the
 * proxy's own {@code proxy} section follows them in {@code default}, {@code all} and {@code
 * everything}. A section Redis does not know, or one the proxy has no figures for (persistence,
 * cpu, ...), is left out, as Redis leaves out unknown ones.
 */
final class InfoCommand {
  /** The Redis version whose commands the proxy serves. */
  static final String REDIS_VERSION = "7.0.0";

  /** The sections, in Redis' order; {@code fromShards}: merged from the shards' replies. */
  private enum Section {
    SERVER("Server", false),
    CLIENTS("Clients", false),
    MEMORY("Memory", true),
    STATS("Stats", true),
    REPLICATION("Replication", false),
    COMMANDSTATS("Commandstats", true),
    KEYSPACE("Keyspace", true),
    PROXY("Proxy", false);

    final String title;
    final boolean fromShards;

    Section(String title, boolean fromShards) {
      this.title = title;
      this.fromShards = fromShards;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private InfoCommand() {}

  static void handle(ClientSession session, RespRequest request) {
    Set<Section> wanted = wanted(request);
    request.release();
    List<String> fromShards = new ArrayList<>();
    for (Section section : wanted) {
      if (section.fromShards) {
        fromShards.add(section.key());
      }
    }
    if (fromShards.isEmpty()) {
      session.reply(
          session.protocol().verbatim(session.ctx().alloc(), render(session, wanted, List.of())));
      return;
    }
    List<String> ask = new ArrayList<>(List.of("INFO"));
    ask.addAll(fromShards);
    RespRequest info = RequestDecoder.encode(session.ctx().alloc(), ask.toArray(new String[0]));
    BroadcastRequest.send(
        session,
        info.frame(),
        replies -> {
          List<Map<String, Map<String, String>>> shards = new ArrayList<>();
          for (ByteBuf reply : replies) {
            shards.add(InfoSections.parse(Replies.bulkText(reply)));
          }
          return session
              .protocol()
              .verbatim(session.ctx().alloc(), render(session, wanted, shards));
        });
  }

  /** The sections asked for, in Redis' order. */
  private static Set<Section> wanted(RespRequest request) {
    Set<String> asked = new LinkedHashSet<>();
    if (request.count() == 1) {
      asked.add("default");
    }
    for (int arg = 1; arg < request.count(); arg++) {
      asked.add(request.text(arg).toLowerCase(Locale.ROOT));
    }
    Set<Section> wanted = new LinkedHashSet<>();
    for (Section section : Section.values()) {
      boolean inDefault = section != Section.COMMANDSTATS;
      if (asked.contains(section.key())
          || asked.contains("all")
          || asked.contains("everything")
          || (asked.contains("default") && inDefault)) {
        wanted.add(section);
      }
    }
    return wanted;
  }

  private static String render(
      ClientSession session, Set<Section> wanted, List<Map<String, Map<String, String>>> shards) {
    List<String> parts = new ArrayList<>();
    for (Section section : wanted) {
      parts.add(
          section.fromShards
              ? InfoSections.merge(section.key(), section.title, shards)
              : InfoSections.render(section.title, own(session, section)));
    }
    return String.join("\r\n", parts);
  }

  private static Map<String, String> own(ClientSession session, Section section) {
    ProxyServer server = session.server();
    Map<String, String> fields = new LinkedHashMap<>();
    switch (section) {
      case SERVER -> {
        fields.put("redis_version", REDIS_VERSION);
        fields.put("redis_mode", "standalone");
        fields.put("proxy", "redis-proxy");
        fields.put("proxy_version", ProxyServer.version());
        fields.put("tcp_port", Integer.toString(server.port()));
        fields.put("uptime_in_seconds", Long.toString(server.uptimeSeconds()));
        fields.put("uptime_in_days", Long.toString(server.uptimeSeconds() / 86_400));
        fields.put("io_threads", Integer.toString(server.ioThreads()));
        fields.put("transport", server.transportName());
      }
      case CLIENTS -> {
        fields.put("connected_clients", Integer.toString(server.clientCount()));
        fields.put(
            "maxclients", Integer.toString(session.runtime().config().limits().maxClients()));
      }
      case REPLICATION -> {
        // Clients write to the proxy; its servers' replicas are hidden behind it.
        fields.put("role", "master");
        fields.put("connected_slaves", "0");
      }
      default -> {
        ProxyRuntime runtime = session.runtime();
        List<Shard> shards = runtime.routing().shards();
        long reachable = shards.stream().filter(s -> s.primary().health().reachable()).count();
        fields.put("upstream_groups", Integer.toString(runtime.routing().upstreams().size()));
        fields.put("shards", Integer.toString(shards.size()));
        fields.put("shards_reachable", Long.toString(reachable));
        fields.put("config_hash", runtime.configHash());
      }
    }
    return fields;
  }
}
