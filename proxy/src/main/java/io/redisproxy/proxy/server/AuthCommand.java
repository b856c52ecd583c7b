package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;

/** AUTH and HELLO, with Redis' own error texts so clients react as they would to Redis. */
final class AuthCommand {
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  private static final String NO_PASSWORD =
      "ERR AUTH <password> called without any password configured for the default user. Are you"
          + " sure your configuration is correct?";
  private static final String HELLO_NOAUTH =
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO"
          + " <proto> AUTH <user> <pass> option can be used to authenticate the client and select"
          + " the RESP protocol version at the same time";

  private AuthCommand() {}

  static void auth(ClientSession session, RespRequest request) {
    ByteBufAllocator alloc = session.ctx().alloc();
    if (request.count() > 3) {
      session.reply(RespWriter.error(alloc, "ERR syntax error"));
      return;
    }
    String user = request.count() == 3 ? request.text(1) : null;
    String password = request.text(request.count() - 1);
    String error = login(session, user, password);
    session.reply(error == null ? RespWriter.ok() : RespWriter.error(alloc, error));
  }

  /** Logs the session in, or returns the error to send. */
  private static String login(ClientSession session, String user, String password) {
    Authenticator authenticator = session.runtime().authenticator();
    if (!authenticator.required()) {
      // As Redis without a password: the default user takes any password, no other user exists.
      if (user == null) {
        return NO_PASSWORD;
      }
      if (!user.equals(Authenticator.DEFAULT_USER)) {
        return WRONGPASS;
      }
      session.authenticated(user);
      return null;
    }
    if (!authenticator.accepts(user, password)) {
      return WRONGPASS;
    }
    session.authenticated(user != null ? user : Authenticator.DEFAULT_USER);
    return null;
  }

  static void hello(ClientSession session, RespRequest request) {
    ByteBufAllocator alloc = session.ctx().alloc();
    RespProtocol protocol = session.protocol();
    if (request.count() >= 2) {
      long version = request.number(1);
      if (version < 0) {
        session.reply(
            RespWriter.error(alloc, "ERR Protocol version is not an integer or out of range"));
        return;
      }
      protocol = RespProtocol.of(version);
      if (protocol == null) {
        session.reply(RespWriter.error(alloc, "NOPROTO unsupported protocol version"));
        return;
      }
    }
    String name = null;
    for (int arg = 2; arg < request.count(); arg++) {
      if (request.is(arg, "AUTH") && arg + 2 < request.count()) {
        String error = login(session, request.text(arg + 1), request.text(arg + 2));
        if (error != null) {
          session.reply(RespWriter.error(alloc, error));
          return;
        }
        arg += 2;
      } else if (request.is(arg, "SETNAME") && arg + 1 < request.count()) {
        name = request.text(++arg);
      } else {
        session.reply(
            RespWriter.error(
                alloc, "ERR Syntax error in HELLO option '" + request.text(arg) + "'"));
        return;
      }
    }
    if (session.user() == null) {
      session.reply(RespWriter.error(alloc, HELLO_NOAUTH));
      return;
    }
    if (name != null) {
      session.clientName(name);
    }
    if (protocol != session.protocol()) {
      session.protocol(protocol);
    }
    session.reply(helloReply(alloc, session.id(), protocol));
  }

  private static ByteBuf helloReply(ByteBufAllocator alloc, long id, RespProtocol protocol) {
    ByteBuf reply = alloc.buffer(160);
    protocol.mapHeader(reply, 7);
    RespWriter.bulk(reply, "server");
    RespWriter.bulk(reply, "redis");
    RespWriter.bulk(reply, "version");
    RespWriter.bulk(reply, InfoCommand.REDIS_VERSION);
    RespWriter.bulk(reply, "proto");
    RespWriter.integer(reply, protocol.version());
    RespWriter.bulk(reply, "id");
    RespWriter.integer(reply, id);
    RespWriter.bulk(reply, "mode");
    RespWriter.bulk(reply, "standalone");
    RespWriter.bulk(reply, "role");
    RespWriter.bulk(reply, "master");
    RespWriter.bulk(reply, "modules");
    RespWriter.arrayHeader(reply, 0);
    return reply;
  }
}
