package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.util.Locale;

/**
 * CLIENT: about the connections to the proxy, so the proxy answers; the shards never see a client's
 * name, and LIST and KILL see the proxy's clients, not the proxy's own connections.
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
                  ? session.protocol().nil()
                  : RespWriter.bulk(alloc, session.clientName()));
      case "SETINFO" -> setInfo(session, request);
      case "ID" -> session.reply(RespWriter.integer(alloc, session.id()));
      case "INFO" ->
          session.reply(session.protocol().verbatim(alloc, ClientList.describe(session) + "\n"));
      case "LIST" -> ClientList.list(session, request);
      case "KILL" -> ClientKill.kill(session, request);
      case "REPLY" -> reply(session, request);
      case "TRACKING" -> TrackingCommand.tracking(session, request);
      case "CACHING" -> TrackingCommand.caching(session, request);
      case "GETREDIR" -> session.reply(RespWriter.integer(alloc, ClientList.redirect(session)));
      case "TRACKINGINFO" -> TrackingCommand.info(session);
      case "NO-EVICT", "NO-TOUCH" -> {
        // The proxy evicts no client; NO-TOUCH is accepted but cannot reach the shards, whose
        // connections many clients share (see the README).
        if (request.is(2, "ON") || request.is(2, "OFF")) {
          session.reply(RespWriter.ok());
        } else {
          session.reply(RespWriter.error(alloc, "ERR syntax error"));
        }
      }
      default ->
          session.reply(RespWriter.error(alloc, session.runtime().commands().rejection(request)));
    }
  }

  private static void setInfo(ClientSession session, RespRequest request) {
    boolean name = request.is(2, "LIB-NAME");
    if (!name && !request.is(2, "LIB-VER")) {
      session.reply(
          RespWriter.error(
              session.ctx().alloc(), "ERR Unrecognized option '" + request.text(2) + "'"));
      return;
    }
    String value = request.text(3);
    if (!validName(value)) {
      session.reply(
          RespWriter.error(
              session.ctx().alloc(),
              "ERR "
                  + request.text(2).toLowerCase(Locale.ROOT)
                  + " cannot contain spaces, newlines or special characters."));
      return;
    }
    session.libInfo(name, value);
    session.reply(RespWriter.ok());
  }

  /** CLIENT REPLY ON, OFF, SKIP: as in Redis, only ON is answered. */
  private static void reply(ClientSession session, RespRequest request) {
    if (request.is(2, "ON")) {
      session.replyMode(true, false);
      session.reply(RespWriter.ok());
    } else if (request.is(2, "OFF") || request.is(2, "SKIP")) {
      session.replyMode(false, request.is(2, "SKIP"));
      session.reply(RespWriter.ok());
    } else {
      session.reply(RespWriter.error(session.ctx().alloc(), "ERR syntax error"));
    }
  }

  static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
