package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.time.Instant;
import java.util.regex.Pattern;

/** Commands the proxy answers itself, without asking any shard. */
final class LocalCommands {
  // What Redis reads as an integer: no sign but '-', no leading zero.
  private static final Pattern REDIS_INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,18}");

  private LocalCommands() {}

  /** What a client that has not authenticated yet may send, as in Redis. */
  static boolean allowedBeforeAuth(CommandSpec spec) {
    return switch (spec.name()) {
      case "auth", "hello", "quit" -> true;
      default -> false;
    };
  }

  /** What a client in subscribed mode may send besides (un)subscriptions, as in Redis (RESP2). */
  static boolean allowedWhileSubscribed(CommandSpec spec) {
    return switch (spec.name()) {
      case "ping", "quit" -> true;
      default -> false;
    };
  }

  /** QUIT runs at once even inside MULTI, as in Redis. */
  static boolean isQuit(CommandSpec spec) {
    return spec.name().equals("quit");
  }

  static boolean isPing(CommandSpec spec) {
    return spec.name().equals("ping");
  }

  static void handle(ClientSession session, RespRequest request, CommandSpec spec) {
    ByteBufAllocator alloc = session.ctx().alloc();
    switch (spec.name()) {
      case "ping" -> {
        if (request.count() > 2) {
          session.fail(request, "ERR wrong number of arguments for 'ping' command");
          return;
        }
        session.reply(request.count() == 1 ? RespWriter.pong() : echo(alloc, request));
      }
      case "echo" -> session.reply(echo(alloc, request));
      case "quit" -> session.replyThenClose(RespWriter.ok());
      case "select" -> session.reply(select(alloc, request));
      case "time" -> session.reply(time(alloc));
      case "auth" -> AuthCommand.auth(session, request);
      case "hello" -> AuthCommand.hello(session, request);
      case "client" -> ClientCommand.handle(session, request);
      case "command" -> CommandCommand.handle(session, request);
      case "info" -> {
        InfoCommand.handle(session, request);
        return;
      }
      default -> throw new IllegalStateException("no local handler for '" + spec.name() + "'");
    }
    request.release();
  }

  private static ByteBuf select(ByteBufAllocator alloc, RespRequest request) {
    if (!REDIS_INTEGER.matcher(request.text(1)).matches()) {
      return RespWriter.error(alloc, "ERR value is not an integer or out of range");
    }
    return request.number(1) == 0
        ? RespWriter.ok()
        : RespWriter.error(alloc, "ERR only database 0 is available through the proxy");
  }

  /** The proxy's clock, as Redis answers TIME: seconds and microseconds, as bulk strings. */
  private static ByteBuf time(ByteBufAllocator alloc) {
    Instant now = Instant.now();
    ByteBuf reply = alloc.buffer(48);
    RespWriter.arrayHeader(reply, 2);
    RespWriter.bulk(reply, Long.toString(now.getEpochSecond()));
    RespWriter.bulk(reply, Long.toString(now.getNano() / 1000));
    return reply;
  }

  private static ByteBuf echo(ByteBufAllocator alloc, RespRequest request) {
    ByteBuf reply = alloc.buffer(request.length(1) + 16);
    RespWriter.bulk(reply, request.frame(), request.offset(1), request.length(1));
    return reply;
  }
}
