package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Client-side caching for one client (CLIENT TRACKING ON). Redis remembers which keys a connection
 * read, so the tracking client's requests go to each server on a connection of its own, with the
 * same tracking turned on there: the servers track exactly what the client read (OPTIN and OPTOUT
 * with CLIENT CACHING, NOLOOP for its own writes) and send the invalidations, which the proxy
 * passes on. A RESP3 connection carries them in band, as pushes behind the replies of the reads
 * they follow; for a RESP2 client with REDIRECT, each server redirects them to a RESP3 connection
 * beside it. BCAST tracks prefixes on every shard primary, so those connections open at once.
 *
 * <p>When a connection is lost, invalidations may have been lost with it: the client hears
 * "invalidate everything" (the null invalidation Redis sends on FLUSHALL) and caches afresh.
 */
final class Tracking {
  private static final byte[] INVALIDATE_START =
      ">2\r\n$10\r\ninvalidate\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE_START =
      "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final ByteBuf EVERYTHING = RespWriter.constant(">2\r\n$10\r\ninvalidate\r\n_\r\n");

  /** The channel a RESP2 redirect target subscribes to for its invalidations, as in Redis. */
  static final String CHANNEL = "__redis__:invalidate";

  private static final long RELINK_MILLIS = 500;

  private final ClientSession session;
  private final Map<Node, Link> links = new HashMap<>();
  private TrackingOptions options;
  private ClientSession target;
  // CLIENT CACHING yes (OPTIN) or no (OPTOUT), for the client's next command.
  private boolean caching;
  private boolean brokenRedirect;
  private boolean relinkScheduled;
  // BCAST connections still in their handshake, and who waits for them.
  private int linking;
  private final List<Runnable> whenLinked = new ArrayList<>(1);

  Tracking(ClientSession session, TrackingOptions options, ClientSession target) {
    this.session = session;
    this.options = options;
    this.target = target;
  }

  TrackingOptions options() {
    return options;
  }

  boolean caching() {
    return caching;
  }

  boolean brokenRedirect() {
    return brokenRedirect;
  }

  /**
   * CLIENT TRACKING ON again: new options take effect on new connections, once every reply owed on
   * the old ones is written.
   */
  void replace(TrackingOptions newOptions, ClientSession newTarget) {
    options = newOptions;
    target = newTarget;
    brokenRedirect = false;
    relink();
  }

  /** Starts tracking: BCAST opens the connections to every shard primary at once. */
  void start() {
    session.orderAfterPending();
    linkEveryPrimary();
  }

  /**
   * Runs {@code then} once every connection that BCAST opened has tracking on, so that no change
   * made after the client heard OK goes unreported; at once when none is opening.
   */
  void whenLinked(Runnable then) {
    if (linking == 0) {
      then.run();
    } else {
      whenLinked.add(then);
    }
  }

  private void linked() {
    if (--linking == 0) {
      List<Runnable> waiting = List.copyOf(whenLinked);
      whenLinked.clear();
      waiting.forEach(Runnable::run);
    }
  }

  /** CLIENT CACHING: the client's next command is cached (OPTIN) or not (OPTOUT). */
  void cacheNext() {
    caching = true;
  }

  /**
   * A command was dispatched: CLIENT CACHING applied to it, unless it was CLIENT itself or a
   * transaction is open (then it applies through EXEC), as in Redis.
   */
  void dispatched(boolean clientCommand, boolean inTransaction) {
    if (!clientCommand && !inTransaction) {
      caching = false;
    }
    if (options.bcast()) {
      linkEveryPrimary();
    }
  }

  /** Sends {@code frame} (taking ownership) to {@code node} on the client's own connection. */
  void send(Node node, ByteBuf frame, ReplyCallback callback) {
    link(node).send(frame, callback);
  }

  /** Sends {@code frames} back to back on the client's own connection to {@code node}. */
  void sendTogether(Node node, List<ByteBuf> frames, List<ReplyCallback> callbacks) {
    Link link = link(node);
    for (int i = 0; i < frames.size(); i++) {
      link.send(frames.get(i), callbacks.get(i));
    }
  }

  /**
   * The connections in use end once they owe nothing (tracking off, new options, another protocol);
   * later requests wait for the replies owed, so none overtakes another.
   */
  void relink() {
    stop();
    linkEveryPrimary();
  }

  /** Tracking off: the connections end once they owe nothing, as {@link #relink()} says. */
  void stop() {
    for (Link link : List.copyOf(links.values())) {
      link.retire();
    }
    links.clear();
    session.orderAfterPending();
  }

  /** The client left. */
  void close() {
    for (Link link : List.copyOf(links.values())) {
      link.close();
    }
    links.clear();
  }

  private Link link(Node node) {
    Link link = links.get(node);
    if (link == null) {
      link = new Link(node, !options.bcast() || isPrimary(node));
      links.put(node, link);
    }
    return link;
  }

  private void linkEveryPrimary() {
    if (!options.bcast()) {
      return;
    }
    for (Shard shard : session.runtime().routing().shards()) {
      Node primary = shard.primary();
      if (primary != null && !links.containsKey(primary)) {
        link(primary);
      }
    }
  }

  private boolean isPrimary(Node node) {
    for (Shard shard : session.runtime().routing().shards()) {
      if (node.equals(shard.primary())) {
        return true;
      }
    }
    return false;
  }

  /** Passes an invalidation (a RESP3 push, taking ownership) to whoever gets them. */
  private void deliver(ByteBuf push) {
    if (options.redirect() == 0) {
      if (session.protocol() == RespProtocol.RESP3) {
        session.push(push);
      } else {
        push.release();
      }
      return;
    }
    ClientSession to = target;
    if (to.isClosed()) {
      push.release();
      brokenRedirect = true;
      if (session.protocol() == RespProtocol.RESP3) {
        session.push(redirectBroken(session.ctx().alloc(), options.redirect()));
      }
      return;
    }
    to.ctx().executor().execute(() -> invalidated(to, push));
  }

  /** On the target's event loop: writes the invalidation as the target's protocol has it. */
  private static void invalidated(ClientSession to, ByteBuf push) {
    if (to.isClosed()) {
      push.release();
    } else if (to.protocol() == RespProtocol.RESP3) {
      to.push(push);
    } else if (to.subscribedTo(CHANNEL)) {
      to.push(asMessage(to.ctx().alloc(), push));
    } else {
      push.release();
    }
  }

  /**
   * A RESP3 invalidation written as the message a RESP2 subscriber of {@link #CHANNEL} gets: the
   * keys as they are, or a nil for "everything". Releases {@code push}.
   */
  private static ByteBuf asMessage(ByteBufAllocator alloc, ByteBuf push) {
    ByteBuf payload =
        push.slice(
            push.readerIndex() + INVALIDATE_START.length,
            push.readableBytes() - INVALIDATE_START.length);
    ByteBuf message = alloc.buffer(MESSAGE_START.length + payload.readableBytes() + 5);
    message.writeBytes(MESSAGE_START);
    if (Replies.isNil(payload)) {
      message.writeBytes(RespProtocol.RESP2.nil());
    } else {
      message.writeBytes(payload);
    }
    push.release();
    return message;
  }

  private static ByteBuf redirectBroken(ByteBufAllocator alloc, long id) {
    ByteBuf push = alloc.buffer(48);
    RespProtocol.RESP3.pushHeader(push, 2);
    RespWriter.bulk(push, "tracking-redir-broken");
    RespWriter.integer(push, id);
    return push;
  }

  private static boolean isInvalidation(ByteBuf push) {
    return Replies.startsWith(push, 0, INVALIDATE_START);
  }

  /** A server connection was lost: invalidations may be lost with it, so everything goes. */
  private void lost(Link link) {
    if (links.get(link.node) == link) {
      links.remove(link.node);
    }
    if (session.isClosed()) {
      return;
    }
    deliver(EVERYTHING.duplicate());
    if (options.bcast() && !relinkScheduled) {
      // The shard's primary may be another node by now; its BCAST connection opens again.
      relinkScheduled = true;
      session
          .ctx()
          .executor()
          .schedule(
              () -> {
                relinkScheduled = false;
                if (session.tracking() == this) {
                  linkEveryPrimary();
                }
              },
              RELINK_MILLIS,
              TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The client's connection to one server, with tracking on there; for a RESP2 client with a
   * REDIRECT, opened once the RESP3 connection beside it, which receives its invalidations, has
   * told its client ID. Requests sent meanwhile wait, in order.
   */
  private final class Link implements DedicatedConnection.Listener {
    private final Node node;
    private final ArrayDeque<ReplyCallback> owed = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private DedicatedConnection connection;
    private DedicatedConnection beside;
    private boolean retired;
    private boolean ended;
    private boolean counted;

    Link(Node node, boolean tracked) {
      this.node = node;
      if (tracked && options.bcast()) {
        counted = true;
        linking++;
      }
      if (!tracked) {
        // A replica in BCAST mode: the primary already reports every change.
        connection = session.upstreams().openDedicated(node, this);
      } else if (session.protocol() == RespProtocol.RESP2 && options.redirect() != 0) {
        beside =
            session
                .upstreams()
                .speaking(RespProtocol.RESP3)
                .openDedicated(node, new Beside(), List.of());
        beside.send(RequestDecoder.encode(session.ctx().alloc(), "CLIENT", "ID").frame());
      } else {
        connection =
            session
                .upstreams()
                .openDedicated(node, this, List.<String[]>of(options.serverCommand(0)));
      }
    }

    void send(ByteBuf frame, ReplyCallback callback) {
      if (ended) {
        frame.release();
        callback.onReply(
            RespWriter.error(
                session.ctx().alloc(),
                "ERR upstream "
                    + node.label()
                    + " unavailable: the connection of this client's tracking was lost"));
        return;
      }
      if (caching && (options.optIn() || options.optOut())) {
        owed.add(ByteBuf::release);
        write(
            RequestDecoder.encode(
                    session.ctx().alloc(), "CLIENT", "CACHING", options.optIn() ? "yes" : "no")
                .frame());
      }
      owed.add(callback);
      write(frame);
    }

    private void write(ByteBuf frame) {
      if (connection == null) {
        held.add(frame);
      } else {
        connection.send(frame);
      }
    }

    /** Ends once nothing is owed. */
    void retire() {
      retired = true;
      if (owed.isEmpty()) {
        close();
      }
    }

    void close() {
      owed.clear();
      end();
    }

    /** Drops what waits to be sent and closes both connections. */
    private void end() {
      ended = true;
      releaseHeld();
      if (connection != null) {
        connection.close();
      }
      if (beside != null) {
        beside.close();
      }
    }

    @Override
    public void onFrame(ByteBuf frame) {
      if (frame.getByte(frame.readerIndex()) == '>') {
        pushed(frame);
        return;
      }
      ReplyCallback callback = owed.poll();
      if (callback == null) {
        frame.release();
      } else {
        callback.onReply(frame);
      }
      if (retired && owed.isEmpty()) {
        close();
      }
    }

    private void pushed(ByteBuf frame) {
      // A connection that ends after new options still reports the keys read on it.
      if (session.tracking() != Tracking.this || !isInvalidation(frame)) {
        frame.release();
      } else {
        deliver(frame);
      }
    }

    @Override
    public void onFailure(String reason) {
      if (ended) {
        return;
      }
      List<ReplyCallback> failed = List.copyOf(owed);
      owed.clear();
      end();
      failed.forEach(
          callback -> callback.onReply(RespWriter.error(session.ctx().alloc(), "ERR " + reason)));
      uncount();
      if (!retired) {
        lost(this);
      }
    }

    @Override
    public void onReady() {
      uncount();
    }

    private void uncount() {
      if (counted) {
        counted = false;
        linked();
      }
    }

    private void releaseHeld() {
      for (ByteBuf frame = held.poll(); frame != null; frame = held.poll()) {
        frame.release();
      }
    }

    /** The RESP3 connection that a RESP2 client's invalidations are redirected to. */
    private final class Beside implements DedicatedConnection.Listener {
      private boolean named;

      @Override
      public void onFrame(ByteBuf frame) {
        if (named) {
          pushed(frame);
          return;
        }
        named = true;
        boolean failed = Replies.isError(frame);
        String error = failed ? Replies.firstLine(frame) : null;
        long id = failed ? 0 : Replies.integer(frame);
        frame.release();
        if (failed) {
          Link.this.onFailure("upstream " + node.label() + " refused CLIENT ID: " + error);
          return;
        }
        connection =
            session
                .upstreams()
                .openDedicated(node, Link.this, List.<String[]>of(options.serverCommand(id)));
        for (ByteBuf held = Link.this.held.poll(); held != null; held = Link.this.held.poll()) {
          connection.send(held);
        }
      }

      @Override
      public void onFailure(String reason) {
        Link.this.onFailure(reason);
      }
    }
  }
}
