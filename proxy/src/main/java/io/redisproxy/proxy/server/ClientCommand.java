package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.util.Locale;

/**
 * The CLIENT subcommands clients send on connect (SETNAME, SETINFO, ...). They describe the
 * connection to the proxy, so the proxy answers them; the shards never see a client's name.
 */
final class ClientCommand {
  private ClientCommand() {}

  static void handle(ClientSession session, RespRequest request) {
    ByteBufAllocator alloc = session.ctx().alloc();
    String sub = request.text(1).toUpperCase(Locale.ROOT);
    switch (sub) {
      case "SETNAME" -> {
        if (!validName(request.text(2))) {
          session.reply(
              RespWriter.error(
                  alloc,
                  "ERR Client names cannot contain spaces, newlines or special characters."));
        } else {
          session.clientName(request.text(2).isEmpty() ? null : request.text(2));
          session.reply(RespWriter.ok());
        }
      }
      case "GETNAME" ->
          session.reply(
              session.clientName() == null
                  ? RespWriter.nil()
                  : RespWriter.bulk(alloc, session.clientName()));
      case "SETINFO" -> {
        if (!request.is(2, "LIB-NAME") && !request.is(2, "LIB-VER")) {
          session.reply(
              RespWriter.error(alloc, "ERR Unrecognized option '" + request.text(2) + "'"));
        } else {
          session.reply(RespWriter.ok());
        }
      }
      case "ID" -> session.reply(RespWriter.integer(alloc, session.id()));
      case "INFO" -> session.reply(RespWriter.bulk(alloc, describe(session) + "\n"));
      default ->
          session.reply(RespWriter.error(alloc, session.runtime().commands().rejection(request)));
    }
  }

  private static String describe(ClientSession session) {
    return "id="
        + session.id()
        + " addr="
        + address(session.ctx().channel().remoteAddress())
        + " laddr="
        + address(session.ctx().channel().localAddress())
        + " name="
        + (session.clientName() == null ? "" : session.clientName())
        + " db=0 user="
        + (session.user() == null ? "default" : session.user());
  }

  private static String address(java.net.SocketAddress address) {
    return address instanceof java.net.InetSocketAddress inet
        ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
        : String.valueOf(address);
  }

  private static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
