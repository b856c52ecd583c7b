package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.Subscription;
import io.redisproxy.proxy.command.Subscription.Target;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.route.Upstream;
import io.redisproxy.proxy.upstream.DedicatedConnection;
import io.redisproxy.proxy.upstream.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscribed client's channels, patterns and shard channels, each held on the node where its
 * messages are published: a channel on the shard PUBLISH hashes it to, a shard channel on the shard
 * SPUBLISH hashes it to, a pattern on every shard of a hash-sharded upstream (a message is
 * published on one of them) and on one node of a Redis Cluster (which broadcasts every message to
 * every node). Each node gets one connection of the client's own.
 *
 * <p>Keyspace notifications are published by the server where the key lives, and a Redis Cluster
 * does not broadcast them: {@code __keyspace@0__:<key>} is held on the key's shard, {@code
 * __keyevent@0__:<event>} and patterns that start with {@code __key} on every shard primary, so the
 * client hears of every key as one server would tell it.
 *
 * <p>The client's confirmations carry its own counts, as Redis would send them, but each goes out
 * only once the nodes confirmed: a message published after the client saw its confirmation is
 * delivered, as Redis promises. Messages are relayed as the nodes push them; while the client does
 * not read, the connections stop reading too, so Redis applies its own output buffer limits instead
 * of the proxy buffering without bound.
 */
final class Subscriptions {
  private final ClientSession session;
  private final Map<Node, Link> links = new HashMap<>();
  private static final String KEYSPACE = "__keyspace@";
  private static final String KEYEVENT = "__keyevent@";

  private final Map<String, List<Node>> channels = new LinkedHashMap<>();
  private final Map<String, List<Node>> patterns = new LinkedHashMap<>();
  private final Map<String, Node> shardChannels = new LinkedHashMap<>();

  Subscriptions(ClientSession session) {
    this.session = session;
  }

  /** Whether the client is in subscribed mode: it holds at least one subscription. */
  boolean active() {
    return channels.size() + patterns.size() + shardChannels.size() > 0;
  }

  /** Serves one (un)subscription command; releases the request. */
  void handle(RespRequest request, Subscription command) {
    try {
      if (command.subscribes()) {
        subscribe(request, command);
      } else {
        unsubscribe(request, command);
      }
    } finally {
      request.release();
    }
    retireIfDone();
  }

  private void subscribe(RespRequest request, Subscription command) {
    List<Node> nodes = null;
    if (command.target() == Target.SHARD_CHANNEL) {
      // As in Redis Cluster, one SSUBSCRIBE names shard channels of one shard only.
      Shard shard = shardOfAll(request);
      if (shard == null) {
        return;
      }
      nodes = List.of(shard.primary());
    } else if (command.target() == Target.PATTERN) {
      nodes = patternNodes(false);
      if (nodes.isEmpty()) {
        session.reply(error("CLUSTERDOWN no shard is known yet"));
        return;
      }
    }
    ConfirmationGroup group = new ConfirmationGroup();
    for (int arg = 1; arg < request.count(); arg++) {
      String name = request.text(arg);
      List<Node> targets = nodes;
      if (command.target() == Target.PATTERN && name.startsWith("__key")) {
        targets = patternNodes(true);
      } else if (command.target() == Target.CHANNEL && name.startsWith(KEYEVENT)) {
        targets = patternNodes(true);
      } else if (command.target() == Target.CHANNEL) {
        Shard shard = session.shardOfKeyIn(request, arg, keyInChannel(name));
        if (shard == null) {
          session.reply(error(session.unroutable(request, arg)));
          continue;
        }
        targets = List.of(shard.primary());
      }
      boolean added = add(command.target(), name, targets);
      Confirmation confirmation = confirmation(command, name, group);
      if (added) {
        expect(command, name, targets, confirmation);
      } else {
        confirmation.arrived(0);
      }
    }
    group.seal();
  }

  private void unsubscribe(RespRequest request, Subscription command) {
    List<String> names = new ArrayList<>();
    for (int arg = 1; arg < request.count(); arg++) {
      names.add(request.text(arg));
    }
    if (names.isEmpty()) {
      names.addAll(held(command.target()).keySet());
    }
    if (names.isEmpty()) {
      // Redis confirms an unsubscription from nothing with a nil name.
      ConfirmationGroup.single(this, command, null);
      return;
    }
    ConfirmationGroup group = new ConfirmationGroup();
    for (String name : names) {
      List<Node> targets = remove(command.target(), name);
      Confirmation confirmation = confirmation(command, name, group);
      if (targets.isEmpty()) {
        confirmation.arrived(0);
      } else {
        expect(command, name, targets, confirmation);
      }
    }
    group.seal();
  }

  /** The one shard of every shard channel named, or null after answering why there is none. */
  private Shard shardOfAll(RespRequest request) {
    Shard shard = session.shardOf(request, 1);
    if (shard == null) {
      session.reply(error(session.unroutable(request, 1)));
      return null;
    }
    for (int arg = 2; arg < request.count(); arg++) {
      if (session.shardOf(request, arg) != shard) {
        session.reply(error("CROSSSLOT Keys in request don't hash to the same slot"));
        return null;
      }
    }
    return shard;
  }

  /**
   * Where the key of a keyspace channel ({@code __keyspace@0__:<key>}) starts in its name, or 0: a
   * channel is hashed by its whole name, as PUBLISH hashes it.
   */
  private static int keyInChannel(String name) {
    if (!name.startsWith(KEYSPACE)) {
      return 0;
    }
    int end = name.indexOf("__:", KEYSPACE.length());
    // Up to there the name is ASCII, so its offset in characters is its offset in bytes.
    return end < 0 ? 0 : end + 3;
  }

  /**
   * Where a pattern is subscribed (see the class comment); with {@code everyPrimary}, on every
   * primary of a Redis Cluster too, for what only the node of a key publishes.
   */
  private List<Node> patternNodes(boolean everyPrimary) {
    List<Node> nodes = new ArrayList<>();
    for (Upstream upstream : session.runtime().routing().upstreams()) {
      List<Shard> shards = upstream.shards();
      if (upstream.topology() != null && !everyPrimary) {
        if (!shards.isEmpty()) {
          nodes.add(shards.get(0).primary());
        }
      } else {
        shards.forEach(shard -> nodes.add(shard.primary()));
      }
    }
    return nodes;
  }

  /** Records a subscription; false when the client held it already. */
  private boolean add(Target target, String name, List<Node> nodes) {
    return switch (target) {
      case CHANNEL -> channels.putIfAbsent(name, nodes) == null;
      case SHARD_CHANNEL -> shardChannels.putIfAbsent(name, nodes.get(0)) == null;
      case PATTERN -> patterns.putIfAbsent(name, nodes) == null;
    };
  }

  /** Forgets a subscription; the nodes it was held on, empty when the client did not hold it. */
  private List<Node> remove(Target target, String name) {
    return switch (target) {
      case CHANNEL -> {
        List<Node> nodes = channels.remove(name);
        yield nodes == null ? List.of() : nodes;
      }
      case SHARD_CHANNEL -> nodes(shardChannels.remove(name));
      case PATTERN -> {
        List<Node> nodes = patterns.remove(name);
        yield nodes == null ? List.of() : nodes;
      }
    };
  }

  private static List<Node> nodes(Node node) {
    return node == null ? List.of() : List.of(node);
  }

  private Map<String, ?> held(Target target) {
    return switch (target) {
      case CHANNEL -> channels;
      case SHARD_CHANNEL -> shardChannels;
      case PATTERN -> patterns;
    };
  }

  /** Whether the client is subscribed to {@code channel}. */
  boolean holdsChannel(String channel) {
    return channels.containsKey(channel);
  }

  /** Channels, patterns and shard channels held, as CLIENT LIST counts them. */
  int[] counts() {
    return new int[] {channels.size(), patterns.size(), shardChannels.size()};
  }

  /** The count Redis puts in a confirmation: shard channels are counted apart from the rest. */
  private int count(Target target) {
    return target == Target.SHARD_CHANNEL
        ? shardChannels.size()
        : channels.size() + patterns.size();
  }

  /** The client's confirmation of one name, queued in its reply order, counted as of now. */
  private Confirmation confirmation(Subscription command, String name, ConfirmationGroup group) {
    ByteBuf reply = session.ctx().alloc().buffer(48 + (name == null ? 0 : name.length() * 3));
    session.protocol().pushHeader(reply, 3);
    RespWriter.bulk(reply, command.reply());
    if (name == null) {
      session.protocol().nil(reply);
    } else {
      RespWriter.bulk(reply, name);
    }
    RespWriter.integer(reply, count(command.target()));
    Confirmation confirmation = new Confirmation(session, reply, group);
    group.add(confirmation);
    session.enqueue(confirmation);
    return confirmation;
  }

  /** Sends the (un)subscription of {@code name} to each node; each node's answer counts down. */
  private void expect(
      Subscription command, String name, List<Node> nodes, Confirmation confirmation) {
    confirmation.awaiting(nodes.size());
    for (Node node : nodes) {
      Link link = links.computeIfAbsent(node, Link::new);
      link.expected.add(new Expected(command, name, confirmation));
      link.connection.send(
          RequestDecoder.encode(session.ctx().alloc(), command.name(), name).frame());
    }
  }

  /** Lets the client's socket set the pace: stop reading messages while it cannot take them. */
  void clientWritable(boolean writable) {
    for (Link link : links.values()) {
      link.connection.reading(writable);
    }
  }

  /**
   * PING while subscribed answers as Redis does in RESP2: {@code ["pong", message]}; a RESP3 client
   * runs any command while subscribed, PING included.
   */
  void ping(RespRequest request) {
    ByteBuf reply = session.ctx().alloc().buffer(32 + request.frame().readableBytes());
    RespWriter.arrayHeader(reply, 2);
    RespWriter.bulk(reply, "pong");
    if (request.count() > 1) {
      RespWriter.bulk(reply, request.frame(), request.offset(1), request.length(1));
    } else {
      RespWriter.bulk(reply, "");
    }
    request.release();
    session.reply(reply);
  }

  /** Closes every connection: the client left. */
  void close() {
    links.values().forEach(link -> link.connection.close());
    links.clear();
  }

  /** Once nothing is held and every node has answered, the connections go and the mode ends. */
  private void retireIfDone() {
    if (active()) {
      return;
    }
    for (Link link : links.values()) {
      if (!link.expected.isEmpty()) {
        return;
      }
    }
    close();
    session.unsubscribed();
  }

  private ByteBuf error(String message) {
    return RespWriter.error(session.ctx().alloc(), message);
  }

  /** An answer a node owes for one (un)subscription the proxy sent it. */
  private record Expected(Subscription command, String name, Confirmation confirmation) {
    boolean matches(String kind, String channel) {
      return command.reply().equals(kind) && name.equals(channel);
    }
  }

  /** One node's connection and the answers it owes, in the order they were asked. */
  private final class Link implements DedicatedConnection.Listener {
    private final Node node;
    private final DedicatedConnection connection;
    private final ArrayDeque<Expected> expected = new ArrayDeque<>();

    Link(Node node) {
      this.node = node;
      this.connection = session.upstreams().openDedicated(node, this);
      connection.reading(session.ctx().channel().isWritable());
    }

    @Override
    public void onFrame(ByteBuf frame) {
      if (Replies.isError(frame)) {
        refused(frame);
        return;
      }
      if (PushedFrame.isMessage(frame)) {
        session.push(frame);
        return;
      }
      PushedFrame pushed = PushedFrame.parse(frame);
      Expected head = expected.peek();
      if (head != null && head.matches(pushed.kind(), pushed.name())) {
        expected.poll();
        head.confirmation.arrived(1);
        frame.release();
        retireIfDone();
      } else if (Subscription.SUNSUBSCRIBE.reply().equals(pushed.kind())
          && node.equals(shardChannels.get(pushed.name()))) {
        // Redis Cluster moved the shard channel's slot away and dropped the subscription: the
        // client hears of it as a Redis Cluster client would, and may subscribe again.
        frame.release();
        shardChannels.remove(pushed.name());
        ConfirmationGroup.single(Subscriptions.this, Subscription.SUNSUBSCRIBE, pushed.name());
        retireIfDone();
      } else {
        frame.release();
      }
    }

    /** A node refused an (un)subscription: the client hears why, and does not hold it. */
    private void refused(ByteBuf frame) {
      String reason = Replies.firstLine(frame);
      frame.release();
      Expected head = expected.poll();
      if (head == null) {
        return;
      }
      if (head.command.subscribes()) {
        remove(head.command.target(), head.name);
      }
      head.confirmation.refused(
          error(
              "ERR upstream "
                  + node.label()
                  + " refused "
                  + head.command.reply()
                  + " '"
                  + head.name
                  + "': "
                  + reason));
      retireIfDone();
    }

    @Override
    public void onFailure(String reason) {
      // The subscriptions held there are gone; closing lets the client reconnect and subscribe.
      for (Expected owed = expected.poll(); owed != null; owed = expected.poll()) {
        owed.confirmation.refused(error("ERR " + reason));
      }
      session.replyThenClose(error("ERR " + reason));
    }
  }

  /**
   * The confirmations of one command go out together, as Redis writes them: a client may take the
   * first as the command's answer and send its next command, which must not meet the rest.
   */
  private static final class ConfirmationGroup {
    private final List<Confirmation> members = new ArrayList<>(2);
    private int unready;
    private boolean sealed;

    /** A group of one confirmation that needs no node's answer. */
    static void single(Subscriptions subscriptions, Subscription command, String name) {
      ConfirmationGroup group = new ConfirmationGroup();
      subscriptions.confirmation(command, name, group).arrived(0);
      group.seal();
    }

    void add(Confirmation confirmation) {
      members.add(confirmation);
      unready++;
    }

    void ready() {
      unready--;
      sendIfDone();
    }

    /** Every member is known: they go out as soon as all are ready. */
    void seal() {
      sealed = true;
      sendIfDone();
    }

    private void sendIfDone() {
      if (sealed && unready == 0) {
        for (Confirmation member : members) {
          member.send();
        }
        members.clear();
      }
    }
  }

  /**
   * A client's confirmation of one name: its text is known when asked, it is ready once every node
   * it was sent to has answered, and goes out with the rest of its group.
   */
  private static final class Confirmation extends PendingReply {
    private final ConfirmationGroup group;
    private ByteBuf reply;
    private int awaiting;
    private boolean ready;

    Confirmation(ClientSession session, ByteBuf reply, ConfirmationGroup group) {
      super(session);
      this.reply = reply;
      this.group = group;
    }

    void awaiting(int nodes) {
      awaiting = nodes;
    }

    void arrived(int nodes) {
      awaiting -= nodes;
      if (awaiting <= 0 && !ready) {
        ready = true;
        group.ready();
      }
    }

    /** Goes out as {@code error} instead, whatever other nodes still answer. */
    void refused(ByteBuf error) {
      if (ready || reply == null) {
        error.release();
        return;
      }
      reply.release();
      reply = error;
      ready = true;
      group.ready();
    }

    void send() {
      if (reply != null) {
        ByteBuf done = reply;
        reply = null;
        complete(done);
      }
    }

    @Override
    void discard() {
      super.discard();
      if (reply != null) {
        reply.release();
        reply = null;
      }
    }
  }

  /** The kind and name of a frame a subscribed connection pushes, read without copying it. */
  private record PushedFrame(String kind, String name) {
    // How every message starts after its type byte (an array in RESP2, a push in RESP3);
    // recognising them by these bytes spares the hot path a parse.
    private static final byte[][] MESSAGE_STARTS = {
      "3\r\n$7\r\nmessage\r\n".getBytes(StandardCharsets.US_ASCII),
      "4\r\n$8\r\npmessage\r\n".getBytes(StandardCharsets.US_ASCII),
      "3\r\n$8\r\nsmessage\r\n".getBytes(StandardCharsets.US_ASCII)
    };

    static boolean isMessage(ByteBuf frame) {
      byte type = frame.getByte(frame.readerIndex());
      if (type != '*' && type != '>') {
        return false;
      }
      for (byte[] start : MESSAGE_STARTS) {
        if (Replies.startsWith(frame, 1, start)) {
          return true;
        }
      }
      return false;
    }

    /** A confirmation's kind and name; empty strings for anything else. */
    static PushedFrame parse(ByteBuf frame) {
      byte type = frame.getByte(frame.readerIndex());
      if (type != '*' && type != '>') {
        return new PushedFrame("", "");
      }
      List<ByteBuf> parts = Replies.elements(frame);
      if (parts.size() < 2
          || parts.get(0).getByte(parts.get(0).readerIndex()) != '$'
          || parts.get(1).getByte(parts.get(1).readerIndex()) != '$') {
        return new PushedFrame("", "");
      }
      String name = Replies.bulkText(parts.get(1));
      return new PushedFrame(Replies.bulkText(parts.get(0)), name == null ? "" : name);
    }
  }
}
