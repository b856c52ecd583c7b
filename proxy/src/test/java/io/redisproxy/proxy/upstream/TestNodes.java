package io.redisproxy.proxy.upstream;

import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;

/** Nodes for unit tests, made reachable or unreachable without any connection. */
public final class TestNodes {
  private TestNodes() {}

  /** An unreachable node of group {@code main} at {@code 127.0.0.1:port}, with id {@code id}. */
  public static Node node(int id, int port) {
    HostPort address = new HostPort("127.0.0.1", port);
    return new Node(
        id,
        "main",
        address,
        UpstreamAuth.NONE,
        null,
        1,
        false,
        "main/" + address,
        new Node.NodeHealth());
  }

  /** Makes {@code node} reachable, as its first ready connection would. */
  public static void connect(Node node) {
    node.health().connectionReady();
  }

  /** Makes a node that {@link #connect} made reachable unreachable again. */
  public static void disconnect(Node node) {
    node.health().connectionLost("test disconnected it");
  }
}
