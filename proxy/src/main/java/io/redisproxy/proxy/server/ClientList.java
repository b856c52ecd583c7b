package io.redisproxy.proxy.server;

import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT LIST and CLIENT INFO: the proxy's clients, one line each, in Redis' format. Fields about
 * one server's buffers and file descriptors are left out: the proxy has no such figures.
 */
final class ClientList {
  private ClientList() {}

  /** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...]. */
  static void list(ClientSession session, RespRequest request) {
    String type = null;
    Set<Long> ids = null;
    int arg = 2;
    while (arg < request.count()) {
      if (request.is(arg, "TYPE") && arg + 1 < request.count()) {
        type = ClientKill.clientType(request.text(arg + 1));
        if (type == null) {
          error(session, "ERR Unknown client type '" + request.text(arg + 1) + "'");
          return;
        }
        arg += 2;
      } else if (request.is(arg, "ID") && arg + 1 < request.count()) {
        ids = new HashSet<>();
        for (arg++; arg < request.count(); arg++) {
          Long id = ClientKill.clientId(request.text(arg));
          if (id == null) {
            error(session, "ERR Invalid client ID");
            return;
          }
          ids.add(id);
        }
      } else {
        error(session, "ERR syntax error");
        return;
      }
    }
    StringBuilder text = new StringBuilder();
    for (ClientSession client : session.server().sessions()) {
      if ((ids == null || ids.contains(client.id()))
          && (type == null || type.equals(ClientKill.typeOf(client)))) {
        text.append(describe(client)).append('\n');
      }
    }
    session.reply(session.protocol().verbatim(session.ctx().alloc(), text.toString()));
  }

  /** One client's line, without the newline. */
  static String describe(ClientSession client) {
    long now = System.nanoTime();
    int[] subscriptions = client.subscriptionCounts();
    int multi = client.queuedInMulti();
    return "id="
        + client.id()
        + " addr="
        + address(client.ctx().channel().remoteAddress())
        + " laddr="
        + address(client.ctx().channel().localAddress())
        + " name="
        + (client.clientName() == null ? "" : client.clientName())
        + " age="
        + TimeUnit.NANOSECONDS.toSeconds(client.ageNanos(now))
        + " idle="
        + TimeUnit.NANOSECONDS.toSeconds(client.idleNanos(now))
        + " flags="
        + flags(client, subscriptions, multi)
        + " db=0 sub="
        + subscriptions[0]
        + " psub="
        + subscriptions[1]
        + " ssub="
        + subscriptions[2]
        + " multi="
        + multi
        + " cmd="
        + client.lastCommand()
        + " user="
        + (client.user() == null ? "default" : client.user())
        + " redir="
        + redirect(client)
        + " resp="
        + client.protocol().version()
        + " lib-name="
        + client.libName()
        + " lib-ver="
        + client.libVersion();
  }

  private static String flags(ClientSession client, int[] subscriptions, int multi) {
    Tracking tracking = client.tracking();
    String flags =
        (subscriptions[0] + subscriptions[1] + subscriptions[2] > 0 ? "P" : "")
            + (multi >= 0 ? "x" : "")
            + (tracking != null ? "t" : "")
            + (tracking != null && tracking.brokenRedirect() ? "R" : "")
            + (tracking != null && tracking.options().bcast() ? "B" : "");
    return flags.isEmpty() ? "N" : flags;
  }

  /** The client its invalidations go to: -1 while not tracking, 0 for itself. */
  static long redirect(ClientSession client) {
    Tracking tracking = client.tracking();
    return tracking == null ? -1 : tracking.options().redirect();
  }

  static String address(SocketAddress address) {
    return address instanceof InetSocketAddress inet
        ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
        : String.valueOf(address);
  }

  /** Answers with an error; the request stays the caller's to release. */
  private static void error(ClientSession session, String message) {
    session.reply(RespWriter.error(session.ctx().alloc(), message));
  }
}
