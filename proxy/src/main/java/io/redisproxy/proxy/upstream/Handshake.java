package io.redisproxy.proxy.upstream;

import io.redisproxy.proxy.resp.RespProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new connection to a node sends before any request: AUTH, HELLO 3 for the connections that
 * carry RESP3 clients' requests, and READONLY for replicas; a pooled connection with none of these
 * sends PING.
 */
final class Handshake {
  private Handshake() {}

  static List<String[]> commandsFor(Node node, RespProtocol protocol) {
    List<String[]> commands = new ArrayList<>();
    if (node.auth().enabled()) {
      commands.add(
          node.auth().username() == null
              ? new String[] {"AUTH", node.auth().password()}
              : new String[] {"AUTH", node.auth().username(), node.auth().password()});
    }
    if (protocol == RespProtocol.RESP3) {
      commands.add(new String[] {"HELLO", "3"});
    }
    if (node.readOnly()) {
      // A Redis Cluster replica serves reads only to connections that asked for them.
      commands.add(new String[] {"READONLY"});
    }
    return commands;
  }

  /**
   * The handshake of a pooled connection: never empty, so that a connection counts as ready only
   * once the server has answered. A server at its maxclients accepts the connection and then
   * refuses it with an error; ready at once, such a connection would reset the reconnect backoff
   * and be retried in a tight loop.
   */
  static List<String[]> forPool(Node node, RespProtocol protocol) {
    List<String[]> commands = commandsFor(node, protocol);
    return commands.isEmpty() ? List.<String[]>of(new String[] {"PING"}) : commands;
  }

  /** How a failed handshake command is described to the client. */
  static String failure(String[] command, String error) {
    String what =
        switch (command[0]) {
          case "AUTH" -> "authentication";
          case "HELLO" -> "switching to RESP3 (HELLO 3, which needs Redis 6 or later)";
          default -> command[0];
        };
    return what + " failed: " + error;
  }
}
