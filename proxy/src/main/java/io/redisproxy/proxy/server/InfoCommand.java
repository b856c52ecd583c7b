package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INFO: the proxy's own section, and the keyspace summed over every shard, so tools that read
 * {@code db0:keys=} see the whole dataset.
 */
final class InfoCommand {
  /** The Redis version whose commands the proxy serves. */
  static final String REDIS_VERSION = "7.0.0";

  private static final Pattern DB0 = Pattern.compile("db0:keys=(\\d+),expires=(\\d+)");

  private InfoCommand() {}

  static void handle(ClientSession session, RespRequest request) {
    String section = request.count() > 1 ? request.text(1).toLowerCase(Locale.ROOT) : "default";
    request.release();
    boolean proxy = !section.equals("keyspace");
    boolean keyspace = List.of("keyspace", "default", "all", "everything").contains(section);
    if (!keyspace) {
      session.reply(RespWriter.bulk(session.ctx().alloc(), proxy(session)));
      return;
    }
    RespRequest ask = RequestDecoder.encode(session.ctx().alloc(), "INFO", "keyspace");
    BroadcastRequest.send(
        session,
        ask.frame(),
        replies -> {
          String text = (proxy ? proxy(session) + "\r\n" : "") + keyspace(replies);
          return RespWriter.bulk(session.ctx().alloc(), text);
        });
  }

  private static String proxy(ClientSession session) {
    ProxyServer server = session.server();
    ProxyRuntime runtime = session.runtime();
    List<Shard> shards = runtime.routing().shards();
    long reachable = shards.stream().filter(s -> s.primary().health().reachable()).count();
    return "# Server\r\n"
        + "redis_version:"
        + REDIS_VERSION
        + "\r\n"
        + "redis_mode:standalone\r\n"
        + "proxy:redis-proxy\r\n"
        + "proxy_version:"
        + ProxyServer.version()
        + "\r\n"
        + "uptime_in_seconds:"
        + server.uptimeSeconds()
        + "\r\n"
        + "io_threads:"
        + server.ioThreads()
        + "\r\n"
        + "transport:"
        + server.transportName()
        + "\r\n"
        + "\r\n# Proxy\r\n"
        + "connected_clients:"
        + server.clientCount()
        + "\r\n"
        + "upstream_groups:"
        + runtime.routing().upstreams().size()
        + "\r\n"
        + "shards:"
        + shards.size()
        + "\r\n"
        + "shards_reachable:"
        + reachable
        + "\r\n"
        + "config_hash:"
        + runtime.configHash()
        + "\r\n";
  }

  private static String keyspace(List<ByteBuf> replies) {
    long keys = 0;
    long expires = 0;
    for (ByteBuf reply : replies) {
      Matcher matcher = DB0.matcher(Replies.bulkText(reply));
      if (matcher.find()) {
        keys += Long.parseLong(matcher.group(1));
        expires += Long.parseLong(matcher.group(2));
      }
    }
    return "# Keyspace\r\n"
        + (keys > 0 ? "db0:keys=" + keys + ",expires=" + expires + ",avg_ttl=0\r\n" : "");
  }
}
