package io.redisproxy.proxy.upstream;

import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.config.UpstreamTls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each distinct Redis server one {@link Node}, the same one across config reloads, so that
 * connections to servers that stay in the config survive a reload.
 */
public final class NodeDirectory {
  private final Map<String, Node> nodes = new HashMap<>();
  private final List<Node> byId = new ArrayList<>();

  public Node node(
      String upstream, HostPort address, UpstreamAuth auth, UpstreamTls tls, int connections) {
    return node(upstream, address, auth, tls, connections, false);
  }

  public synchronized Node node(
      String upstream,
      HostPort address,
      UpstreamAuth auth,
      UpstreamTls tls,
      int connections,
      boolean readOnly) {
    return nodes.computeIfAbsent(
        Node.key(upstream, address, auth, tls, connections, readOnly),
        key -> {
          Node node =
              new Node(
                  byId.size(),
                  upstream,
                  address,
                  auth,
                  tls,
                  connections,
                  readOnly,
                  upstream + "/" + address,
                  new Node.NodeHealth());
          byId.add(node);
          return node;
        });
  }

  public synchronized int size() {
    return byId.size();
  }
}
