package io.redisproxy.proxy.upstream;

import java.util.ArrayList;
import java.util.List;

/** What a new connection to a node sends before any request: AUTH, and READONLY for replicas. */
final class Handshake {
  private Handshake() {}

  static List<String[]> commandsFor(Node node) {
    List<String[]> commands = new ArrayList<>();
    if (node.auth().enabled()) {
      commands.add(
          node.auth().username() == null
              ? new String[] {"AUTH", node.auth().password()}
              : new String[] {"AUTH", node.auth().username(), node.auth().password()});
    }
    if (node.readOnly()) {
      // A Redis Cluster replica serves reads only to connections that asked for them.
      commands.add(new String[] {"READONLY"});
    }
    return commands;
  }

  /** How a failed handshake command is described to the client. */
  static String failure(String[] command, String error) {
    String what = command[0].equals("AUTH") ? "authentication" : command[0];
    return what + " failed: " + error;
  }
}
