package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.util.concurrent.TimeUnit;

/**
 * Follows Redis Cluster redirects for one request, so the client never sees them: MOVED resends to
 * the named node (and counts towards a slot map refresh), ASK resends after ASKING, TRYAGAIN and
 * CLUSTERDOWN retry shortly until the op timeout, the way the last attempt went (after ASKING again
 * when a node importing the slot answered TRYAGAIN: without it the node would send the request back
 * to the slot's owner, round and round until the redirects ran out). Keeps its own reference to the
 * request's bytes until the final reply arrives.
 */
final class ClusterRedirects implements ReplyCallback {
  private static final int MAX_REDIRECTS = 5;
  private static final long RETRY_DELAY_MILLIS = 20;

  private final ClientSession session;
  private final ClusterTopology topology;
  private final ByteBuf frame;
  private final ReplyCallback target;
  private final long deadline;
  private Node node;
  private boolean asking;
  private int redirects;

  private ClusterRedirects(
      ClientSession session,
      ClusterTopology topology,
      Node node,
      ByteBuf frame,
      ReplyCallback target) {
    this.session = session;
    this.topology = topology;
    this.node = node;
    this.frame = frame;
    this.target = target;
    this.deadline = System.nanoTime() + session.runtime().config().timeouts().operation().toNanos();
  }

  /** Sends {@code frame} (taking ownership) to {@code node}, following redirects. */
  static void send(
      ClientSession session,
      ClusterTopology topology,
      Node node,
      ByteBuf frame,
      ReplyCallback target) {
    ClusterRedirects redirects =
        new ClusterRedirects(session, topology, node, frame.retainedDuplicate(), target);
    session.send(node, frame, redirects);
  }

  @Override
  public void onReply(ByteBuf reply) {
    if (!Replies.isError(reply) || session.isClosed()) {
      deliver(reply);
      return;
    }
    String error = Replies.firstLine(reply);
    if (error.startsWith("MOVED ") || error.startsWith("ASK ")) {
      boolean ask = error.startsWith("ASK ");
      if (!ask) {
        topology.redirected();
      }
      HostPort to = redirectTarget(error, node);
      if (to == null || ++redirects > MAX_REDIRECTS) {
        deliver(reply);
        return;
      }
      reply.release();
      node = topology.node(to);
      asking = ask;
      if (ask) {
        session.sendAsking(node, frame.retainedDuplicate(), this);
      } else {
        session.send(node, frame.retainedDuplicate(), this);
      }
    } else if ((error.startsWith("TRYAGAIN") || error.startsWith("CLUSTERDOWN"))
        && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_DELAY_MILLIS) < deadline) {
      reply.release();
      if (error.startsWith("CLUSTERDOWN")) {
        topology.nodeFailed();
      }
      session.ctx().executor().schedule(this::retry, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      if (error.startsWith("ERR upstream ")) {
        topology.nodeFailed();
      }
      deliver(reply);
    }
  }

  private void retry() {
    if (session.isClosed()) {
      frame.release();
      return;
    }
    if (asking) {
      session.upstreams().sendAsking(node, frame.retainedDuplicate(), this, System.nanoTime());
    } else {
      session.send(node, frame.retainedDuplicate(), this);
    }
  }

  private void deliver(ByteBuf reply) {
    frame.release();
    target.onReply(reply);
  }

  /**
   * The {@code host:port} of {@code MOVED 3999 127.0.0.1:6381} or {@code ASK ...}; an empty host
   * ({@code :6381}) means the host of the node that answered, as Redis 7 may say.
   */
  static HostPort redirectTarget(String error, Node node) {
    String endpoint = error.substring(error.lastIndexOf(' ') + 1);
    if (endpoint.startsWith(":")) {
      endpoint = node.address().host() + endpoint;
    }
    try {
      return HostPort.parse(endpoint);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
