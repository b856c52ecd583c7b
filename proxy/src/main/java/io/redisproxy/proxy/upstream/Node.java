package io.redisproxy.proxy.upstream;

import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.config.UpstreamTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Redis server the proxy talks to. The id is stable for the life of the process, across
 * reloads, so per-event-loop connection pools are found by array index on the hot path.
 *
 * @param tls how to reach it over TLS, or null for plain TCP
 * @param connections how many connections each event loop keeps to it
 * @param readOnly a Redis Cluster replica: its connections send READONLY to serve reads
 * @param label how errors and metrics name it, e.g. {@code main/127.0.0.1:7001}
 */
public record Node(
    int id,
    String upstream,
    HostPort address,
    UpstreamAuth auth,
    UpstreamTls tls,
    int connections,
    boolean readOnly,
    String label,
    NodeHealth health) {

  /** Connection state shared by every event loop's pool for this node. */
  public static final class NodeHealth {
    private final AtomicInteger readyConnections = new AtomicInteger();
    private final AtomicLong connectionsMade = new AtomicLong();
    private volatile String lastError = "not connected yet";
    // No connection attempt has failed yet: the first connections are still being opened.
    private volatile boolean connecting = true;

    public boolean reachable() {
      return readyConnections.get() > 0;
    }

    /**
     * Whether requests may be sent to it: it is reachable, or its first connections are still being
     * opened (requests wait for them). A fresh proxy must not skip a replica, or fail a read, only
     * because its connection is a few milliseconds from ready.
     */
    public boolean usable() {
      return connecting || reachable();
    }

    public String lastError() {
      return lastError;
    }

    /** How many connections to it became ready since the proxy started, on any event loop. */
    long connectionsMade() {
      return connectionsMade.get();
    }

    void connectionReady() {
      connectionsMade.incrementAndGet();
      readyConnections.incrementAndGet();
    }

    void connectionLost(String reason) {
      lastError = reason;
      connecting = false;
      readyConnections.decrementAndGet();
    }

    void connectFailed(String reason) {
      lastError = reason;
      connecting = false;
    }
  }

  /**
   * The node's socket address, looked up by name: blocking, so callers run it off the event loops
   * (a slow DNS answer must not stall requests).
   */
  static InetSocketAddress resolve(Node node) {
    try {
      return new InetSocketAddress(
          InetAddress.getByName(node.address().host()), node.address().port());
    } catch (UnknownHostException e) {
      throw new CompletionException(e);
    }
  }

  static String key(
      String upstream,
      HostPort address,
      UpstreamAuth auth,
      UpstreamTls tls,
      int connections,
      boolean readOnly) {
    return String.join(
        "|",
        upstream,
        address.toString(),
        String.valueOf(auth.username()),
        String.valueOf(auth.password()),
        String.valueOf(tls),
        String.valueOf(connections),
        String.valueOf(readOnly));
  }
}
