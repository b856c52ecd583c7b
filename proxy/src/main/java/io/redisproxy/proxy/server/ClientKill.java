package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * CLIENT KILL of the proxy's clients, in both of Redis' forms: {@code CLIENT KILL addr:port}
 * (answers OK or an error) and {@code CLIENT KILL <filter> <value> ...} with ID, TYPE, USER, ADDR,
 * LADDR and SKIPME (answers how many were killed). A client that kills itself gets the reply first.
 */
final class ClientKill {
  private ClientKill() {}

  static void kill(ClientSession session, RespRequest request) {
    if (request.count() == 3) {
      String addr = request.text(2);
      List<ClientSession> matched =
          matching(
              session, c -> ClientList.address(c.ctx().channel().remoteAddress()).equals(addr));
      if (matched.isEmpty()) {
        error(session, "ERR No such client");
        return;
      }
      close(session, matched, RespWriter.ok());
      return;
    }
    if (request.count() % 2 == 1) {
      error(session, "ERR syntax error");
      return;
    }
    Predicate<ClientSession> filter = c -> true;
    boolean skipMe = true;
    for (int arg = 2; arg < request.count(); arg += 2) {
      String value = request.text(arg + 1);
      String option = request.text(arg).toUpperCase(Locale.ROOT);
      switch (option) {
        case "ID" -> {
          Long id = clientId(value);
          if (id == null) {
            error(session, "ERR client-id should be greater than 0");
            return;
          }
          filter = filter.and(c -> c.id() == id);
        }
        case "TYPE" -> {
          String type = clientType(value);
          if (type == null) {
            error(session, "ERR Unknown client type '" + value + "'");
            return;
          }
          filter = filter.and(c -> type.equals(typeOf(c)));
        }
        case "USER" -> filter = filter.and(c -> value.equals(userOf(c)));
        case "ADDR" ->
            filter =
                filter.and(
                    c -> ClientList.address(c.ctx().channel().remoteAddress()).equals(value));
        case "LADDR" ->
            filter =
                filter.and(c -> ClientList.address(c.ctx().channel().localAddress()).equals(value));
        case "SKIPME" -> {
          if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
            error(session, "ERR syntax error");
            return;
          }
          skipMe = value.equalsIgnoreCase("yes");
        }
        default -> {
          error(session, "ERR syntax error");
          return;
        }
      }
    }
    boolean skip = skipMe;
    Predicate<ClientSession> chosen = filter.and(c -> !skip || c != session);
    List<ClientSession> matched = matching(session, chosen);
    close(session, matched, RespWriter.integer(session.ctx().alloc(), matched.size()));
  }

  private static List<ClientSession> matching(
      ClientSession session, Predicate<ClientSession> filter) {
    List<ClientSession> matched = new ArrayList<>();
    for (ClientSession client : session.server().sessions()) {
      if (filter.test(client)) {
        matched.add(client);
      }
    }
    return matched;
  }

  private static void close(ClientSession session, List<ClientSession> matched, ByteBuf reply) {
    for (ClientSession client : matched) {
      if (client != session) {
        session.server().kill(client);
      }
    }
    if (matched.contains(session)) {
      session.replyThenClose(reply);
    } else {
      session.reply(reply);
    }
  }

  /** Redis' client type for a TYPE filter ({@code slave} is {@code replica}), or null. */
  static String clientType(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "normal" -> "normal";
      case "pubsub" -> "pubsub";
      case "master" -> "master";
      case "replica", "slave" -> "replica";
      default -> null;
    };
  }

  /** A client of the proxy is a subscriber or an ordinary client, never a replica or a master. */
  static String typeOf(ClientSession client) {
    int[] subscriptions = client.subscriptionCounts();
    return subscriptions[0] + subscriptions[1] + subscriptions[2] > 0 ? "pubsub" : "normal";
  }

  private static String userOf(ClientSession client) {
    return client.user() == null ? "default" : client.user();
  }

  /** A client ID as Redis reads one (a positive integer), or null. */
  static Long clientId(String text) {
    try {
      long id = Long.parseLong(text);
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Answers with an error; the request stays the caller's to release. */
  private static void error(ClientSession session, String message) {
    session.reply(RespWriter.error(session.ctx().alloc(), message));
  }
}
