package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.redisproxy.proxy.cluster.ClusterTopology;
import io.redisproxy.proxy.command.BlockingForms;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Handling;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.command.KeySpec;
import io.redisproxy.proxy.command.ScriptCalls;
import io.redisproxy.proxy.command.Subscription;
import io.redisproxy.proxy.metrics.CommandMetrics;
import io.redisproxy.proxy.mirror.MirrorSender;
import io.redisproxy.proxy.net.OutboundBatch;
import io.redisproxy.proxy.resp.ReadBuffer;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespProtocolException;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.route.Upstream;
import io.redisproxy.proxy.upstream.Backpressure;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import io.redisproxy.proxy.upstream.UpstreamRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client connection: decodes its requests, routes each, and writes replies back strictly in
 * request order. Everything here runs on the client's event loop, which also owns the upstream
 * connections it uses, so nothing locks.
 *
 * <p>Backpressure: the session stops reading when its reply queue reaches the pipeline limit, when
 * the client does not read its replies, or when an upstream socket is full; it resumes when the
 * cause clears.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
  private static final int PAUSED_PIPELINE = 1;
  private static final int PAUSED_CLIENT = 2;
  private static final int PAUSED_UPSTREAM = 4;
  // As in Redis, a blocked client's next commands wait until the block ends; this also bounds the
  // connections of its own a client can hold to one.
  private static final int PAUSED_BLOCKED = 8;
  // A request must not overtake earlier ones that went to its shard by another connection (see
  // Watch, BlockingRequest): the client's next requests wait until every reply owed is written.
  private static final int PAUSED_ORDER = 16;
  // A request on keys that move to another shard waits until they are there (see KeyMoveGate).
  private static final int PAUSED_MOVE = 32;

  private final ProxyServer server;
  private final long id;
  private final ReadBuffer input = new ReadBuffer();
  private final ArrayDeque<PendingReply> replies = new ArrayDeque<>();
  private final List<BlockingRequest> blocked = new ArrayList<>(0);
  private Transaction transaction;
  private Subscriptions subscriptions;
  private Watch watch;
  private Tracking tracking;
  private WaitRequest waiting;
  // A WATCH or blocking command held until every earlier reply is written, or null.
  private RespRequest held;
  private CommandSpec heldSpec;
  private KeyMoveGate moveGate;
  // The last reply owed when a key move began, and what runs once it is written: the requests
  // before it may have gone on a connection of the client's own, outside the pooled barrier.
  private PendingReply moveMark;
  private Runnable moveMarkWritten;
  // While a request whose keys the move gate just moved is sent: a replica may not have them yet.
  private boolean readsFromPrimary;
  private final KeyIndexes keys = new KeyIndexes();
  private final Runnable flushTask = this::flushNow;
  private final Runnable resumeFromUpstream = () -> resume(PAUSED_UPSTREAM);
  private RequestDecoder decoder;
  private UpstreamRegistry upstreams;
  private RespProtocol protocol = RespProtocol.RESP2;
  private ChannelHandlerContext ctx;
  private OutboundBatch output;
  private ProxyRuntime runtime;
  private int paused;
  private boolean flushScheduled;
  private boolean closing;
  private boolean closeWhenDrained;
  private boolean closed;
  // Read by CLIENT LIST of other clients on other event loops: plain fields, so a listing may show
  // a value a moment old, and the hot path pays for no fence.
  private final long createdAt = System.nanoTime();
  private long lastCommandAt = createdAt;
  private String lastCommand = "NULL";
  private String libName = "";
  private String libVersion = "";
  private String user;
  private String clientName;
  // CLIENT REPLY OFF and SKIP; currentSilent: the reply of the request being dispatched is dropped.
  private boolean repliesOff;
  private boolean skipNext;
  private boolean currentSilent;
  // Another proxy's mirroring connection, known from its name: what it sends is not mirrored and
  // never goes to a standby. Kept apart from the name so the hot path reads a flag.
  private boolean fromMirror;
  private CommandMetrics currentMetrics;
  private long currentStart;
  // True while requests of one read are dispatched, when currentStart is the time of that read.
  private boolean decoding;
  // While a command queued in MULTI runs inside EXEC, its reply is kept here, not written.
  private boolean capturing;
  private ByteBuf captured;

  ClientSession(ProxyServer server, long id) {
    this.server = server;
    this.id = id;
  }

  long id() {
    return id;
  }

  String user() {
    return user;
  }

  void authenticated(String user) {
    this.user = user;
  }

  String clientName() {
    return clientName;
  }

  void clientName(String name) {
    this.clientName = name;
    this.fromMirror = name != null && name.startsWith(MirrorSender.CLIENT_NAME_PREFIX);
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  long ageNanos(long now) {
    return now - createdAt;
  }

  long idleNanos(long now) {
    return now - lastCommandAt;
  }

  /** The name of the last command, as CLIENT LIST shows it. */
  String lastCommand() {
    return lastCommand;
  }

  String libName() {
    return libName;
  }

  String libVersion() {
    return libVersion;
  }

  /** CLIENT SETINFO LIB-NAME or LIB-VER. */
  void libInfo(boolean name, String value) {
    if (name) {
      libName = value;
    } else {
      libVersion = value;
    }
  }

  /** Counts of channels, patterns and shard channels, as CLIENT LIST shows them. */
  int[] subscriptionCounts() {
    Subscriptions current = subscriptions;
    return current == null ? new int[3] : current.counts();
  }

  /** Commands queued in MULTI, or -1 outside one. */
  int queuedInMulti() {
    Transaction current = transaction;
    return current == null ? -1 : current.size();
  }

  /**
   * CLIENT REPLY: {@code off} stops replies until ON; {@code skip} drops the next command's reply.
   * Neither form's own reply is sent, as in Redis.
   */
  void replyMode(boolean on, boolean skip) {
    if (on) {
      repliesOff = false;
      skipNext = false;
      currentSilent = false;
    } else {
      repliesOff |= !skip;
      skipNext = skip && !repliesOff;
      currentSilent = true;
    }
  }

  /** Whether the reply to the request being dispatched is dropped (CLIENT REPLY OFF, SKIP). */
  boolean currentSilent() {
    return currentSilent;
  }

  ProxyServer server() {
    return server;
  }

  ProxyRuntime runtime() {
    return runtime;
  }

  UpstreamRegistry upstreams() {
    return upstreams;
  }

  /** The protocol the client chose with HELLO: its replies, local or forwarded, come in it. */
  RespProtocol protocol() {
    return protocol;
  }

  /** HELLO switched protocols: later requests travel on upstream connections that speak it. */
  void protocol(RespProtocol protocol) {
    this.protocol = protocol;
    this.upstreams = server.upstreams(ctx.channel().eventLoop()).speaking(protocol);
    if (tracking != null) {
      tracking.relink();
    }
  }

  /** The client's CLIENT TRACKING, or null while it is off. */
  Tracking tracking() {
    return tracking;
  }

  void tracking(Tracking tracking) {
    this.tracking = tracking;
  }

  /** Whether the client is subscribed to {@code channel} (not a pattern or a shard channel). */
  boolean subscribedTo(String channel) {
    Subscriptions current = subscriptions;
    return current != null && current.holdsChannel(channel);
  }

  KeyIndexes keys() {
    return keys;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.output = new OutboundBatch(ctx);
    this.runtime = server.runtime();
    this.upstreams = server.upstreams(ctx.channel().eventLoop());
    this.decoder = new RequestDecoder(runtime.config().limits().maxRequestBytes());
    if (!runtime.authenticator().required()) {
      user = "default";
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    server.metrics().bytesIn(((ByteBuf) msg).readableBytes());
    ByteBuf buf = input.append((ByteBuf) msg, ctx.alloc());
    if (paused == 0 && !closing) {
      decode(buf);
    }
    input.compact();
  }

  private void decode(ByteBuf buf) {
    runtime = server.runtime();
    // One clock read for every request of this read: they all arrived together.
    currentStart = System.nanoTime();
    decoding = true;
    try {
      while (paused == 0 && !closing) {
        RespRequest request = decoder.decode(buf, ctx.alloc());
        if (request == null) {
          return;
        }
        dispatch(request);
      }
    } catch (RespProtocolException e) {
      currentMetrics = null;
      buf.skipBytes(buf.readableBytes());
      replyThenClose(RespWriter.error(ctx.alloc(), "ERR " + e.getMessage()));
    } finally {
      decoding = false;
    }
  }

  private void dispatch(RespRequest request) {
    CommandSpec spec = runtime.commands().lookup(request);
    currentSilent = repliesOff || skipNext;
    skipNext = false;
    lastCommandAt = currentStart;
    lastCommand = spec == null ? "NULL" : spec.name();
    currentMetrics = spec == null ? null : server.metrics().command(spec.name());
    String refusedByConfig = spec == null ? null : runtime.refusedCommands().refusal(spec, request);
    byte[] arityError =
        spec == null || refusedByConfig != null
            ? null
            : runtime.commands().arityError(spec, request);
    if (spec == null) {
      abortTransaction();
      reject(request);
    } else if (refusedByConfig != null) {
      // As Redis treats a command that rename-command hid: before any other check.
      abortTransaction();
      fail(request, refusedByConfig);
    } else if (arityError != null) {
      refuseArity(request, spec, arityError);
    } else if (user == null && !LocalCommands.allowedBeforeAuth(spec)) {
      fail(request, "NOAUTH Authentication required.");
    } else if (subscribed() && protocol == RespProtocol.RESP2 && !allowedWhileSubscribed(spec)) {
      fail(
          request,
          "ERR Can't execute '"
              + spec.name()
              + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in"
              + " this context");
    } else if (subscribed() && protocol == RespProtocol.RESP2 && LocalCommands.isPing(spec)) {
      subscriptions.ping(request);
    } else {
      // Commands queued in MULTI run at EXEC, which the gate checks for all of them.
      if (!queues(spec) && runtime.routing().resharding() && !moveGate().admits(request, spec)) {
        if (!moveGate.holding()) {
          dispatched(spec);
        }
        return;
      }
      run(request, spec);
      return;
    }
    dispatched(spec);
  }

  /** Queues {@code request} inside MULTI or runs it, past every check. */
  private void run(RespRequest request, CommandSpec spec) {
    if (queues(spec)) {
      transaction.queue(asSentUpstream(request, spec), spec);
    } else {
      execute(asSentUpstream(request, spec), spec);
    }
    dispatched(spec);
  }

  /** Whether {@code spec} is queued in an open MULTI rather than run now. */
  private boolean queues(CommandSpec spec) {
    return transaction != null
        && spec.handling() != Handling.TRANSACTION
        && !LocalCommands.isQuit(spec);
  }

  private void dispatched(CommandSpec spec) {
    if (tracking != null && spec != null) {
      tracking.dispatched(spec.name().equals("client"), transaction != null);
    }
    if (replies.size() >= runtime.config().limits().maxPipelineDepth()) {
      pause(PAUSED_PIPELINE);
    }
  }

  private KeyMoveGate moveGate() {
    if (moveGate == null) {
      moveGate = new KeyMoveGate(this);
    }
    return moveGate;
  }

  /** The move gate took a request: nothing else is read until it lets it run or fails it. */
  void pauseForMove() {
    pause(PAUSED_MOVE);
  }

  /** Reads the live config again, as a new read batch does (a request waiting at the gate). */
  void refreshRuntime() {
    runtime = server.runtime();
  }

  /**
   * The keys of a request the move gate held are in place: it runs, then the next ones. Its reads
   * go to the primaries, which a key just moved reached first.
   */
  void passedGate(RespRequest request, CommandSpec spec) {
    readsFromPrimary = true;
    try {
      run(request, spec);
    } finally {
      readsFromPrimary = false;
    }
    resume(PAUSED_MOVE);
  }

  /** The node of {@code shard} the read policy picks for {@code spec}, or null when none is. */
  Node nodeFor(Shard shard, CommandSpec spec) {
    return runtime.readRouting().nodeFor(shard, spec.write() || readsFromPrimary);
  }

  /** The move gate could not put a request's keys in place: it is answered {@code error}. */
  void failedGate(ByteBuf error) {
    reply(error);
    dispatched(null);
    resume(PAUSED_MOVE);
  }

  private void execute(RespRequest request, CommandSpec spec) {
    switch (spec.handling()) {
      case FORWARD -> {
        if (BlockingForms.blocks(spec, request)) {
          BlockingRequest.start(this, request, spec);
        } else {
          forward(request, spec);
        }
      }
      case LOCAL -> LocalCommands.handle(this, request, spec);
      case SPLIT_VALUES, SPLIT_PAIRS, SPLIT_COUNT -> SplitRequest.start(this, request, spec);
      case ALL_SUM, ALL_MIN, ALL_OK, ALL_CONCAT, ANY_SHARD ->
          BroadcastRequest.start(this, request, spec);
      case MANAGEMENT -> ManagementRequest.start(this, request, spec);
      case SCAN -> ScanRequest.start(this, request);
      case WAIT -> WaitRequest.start(this, request);
      case BLOCKING -> BlockingRequest.start(this, request, spec);
      case TRANSACTION -> Transaction.control(this, request, spec);
      case SUBSCRIBE -> {
        if (subscriptions == null) {
          subscriptions = new Subscriptions(this);
        }
        subscriptions.handle(request, Subscription.of(spec));
      }
      case PUBSUB_QUERY ->
          BroadcastRequest.send(this, request.frame(), PubSubQuery.merge(this, request));
    }
  }

  /** Answers a request whose argument count the arity of its command refuses, as Redis does. */
  private void refuseArity(RespRequest request, CommandSpec spec, byte[] error) {
    if (spec.name().equals("exec")) {
      Transaction.execRefused(this, request, new String(error, StandardCharsets.UTF_8));
    } else {
      abortTransaction();
      request.release();
      reply(RespWriter.error(ctx.alloc(), error));
    }
  }

  /**
   * The request as its upstreams get it: keys lose the prefix their route removes. PUBLISH keeps
   * its channel whole, since SUBSCRIBE sends the channel as the client named it.
   */
  private RespRequest asSentUpstream(RespRequest request, CommandSpec spec) {
    RoutingTable routing = runtime.routing();
    if (!routing.removesPrefixes() || spec.keys() == KeySpec.NONE || publishes(spec)) {
      return request;
    }
    keys.clear();
    if (!spec.keys().find(request, keys)) {
      return request;
    }
    int[] removed = null;
    for (int i = 0; i < keys.size(); i++) {
      int arg = keys.get(i);
      int prefix = routing.removedPrefix(request.frame(), request.offset(arg), request.length(arg));
      if (prefix > 0) {
        if (removed == null) {
          removed = new int[request.count()];
        }
        removed[arg] = prefix;
      }
    }
    return removed == null
        ? request
        : RespRequest.withPrefixesRemoved(ctx.alloc(), request, removed);
  }

  private static boolean publishes(CommandSpec spec) {
    return spec.name().equals("publish") || spec.name().equals("spublish");
  }

  private void forward(RespRequest request, CommandSpec spec) {
    keys.clear();
    boolean found = spec.keys().find(request, keys);
    if (!found || keys.size() == 0) {
      forwardKeyless(request, spec, found);
      return;
    }
    Shard shard = shardOf(request, keys.get(0), spec.write());
    if (shard == null) {
      fail(request, unroutable(request, keys.get(0)));
      return;
    }
    for (int i = 1; i < keys.size(); i++) {
      if (shardOf(request, keys.get(i), spec.write()) != shard) {
        fail(request, "CROSSSLOT Keys in request don't hash to the same slot");
        return;
      }
    }
    String refusal = SortPatternRule.refusal(this, request, spec, shard, spec.write());
    if (refusal != null) {
      fail(request, refusal);
      return;
    }
    if (ScriptCalls.carriesBody(spec)) {
      server.scripts().remember(request.frame(), request.offset(1), request.length(1));
    }
    send(shard, spec, request, replyPlace(request, spec, keys.get(0)));
  }

  /**
   * Sends {@code request} (taking ownership) as {@link #send(Shard, CommandSpec, ByteBuf,
   * PendingReply)} does; an EVALSHA of a script the proxy knows is retried where it is missing.
   */
  private void send(Shard shard, CommandSpec spec, RespRequest request, PendingReply pending) {
    byte[] body = ScriptCalls.callsBySha(spec) ? server.scripts().body(request.text(1)) : null;
    if (body == null) {
      send(shard, spec, request.frame(), pending);
      return;
    }
    replies.add(pending);
    boolean watched = watch != null && watch.shard().sameAs(shard);
    Node node = watched ? shard.primary() : nodeFor(shard, spec);
    if (node == null) {
      request.release();
      ((ReplyCallback) pending).onReply(noNodeFor(shard));
      return;
    }
    ScriptRetry.Sink sink =
        watched ? ScriptRetry.toWatch(watch) : ScriptRetry.toNode(this, shard, node);
    String sha = request.text(1).toLowerCase(Locale.ROOT);
    ScriptRetry.send(this, sink, node, sha, body, request.frame(), (ReplyCallback) pending);
  }

  /**
   * A request of a keyed command that names no key ({@code found}: its keys are where they should
   * be, but none; else its key positions do not add up). Redis refuses such a request, so any shard
   * answers it with Redis' own error; except a subcommand the proxy refuses, and a script without
   * keys, which any shard runs.
   */
  void forwardKeyless(RespRequest request, CommandSpec spec, boolean found) {
    byte[] refused = runtime.commands().subcommandRejection(request);
    if (refused != null) {
      reject(request);
    } else {
      // A script without keys reads and writes none, so any shard runs it; spread them.
      Shard shard = found && ScriptCalls.runsScript(spec) ? randomShard() : anyShard();
      if (shard == null) {
        fail(request, "CLUSTERDOWN no shard is known yet");
      } else {
        if (found && ScriptCalls.carriesBody(spec)) {
          server.scripts().remember(request.frame(), request.offset(1), request.length(1));
        }
        send(shard, spec, request, new ForwardRequest(this));
      }
    }
  }

  /** A shard to ask what any shard answers alike, or null while none is known. */
  Shard anyShard() {
    List<Shard> shards = runtime.routing().shards();
    return shards.isEmpty() ? null : shards.get(0);
  }

  private Shard randomShard() {
    List<Shard> shards = runtime.routing().shards();
    return shards.isEmpty() ? null : shards.get(ThreadLocalRandom.current().nextInt(shards.size()));
  }

  /** Where the reply of a request forwarded whole goes: through its mirrors, if it has any. */
  PendingReply replyPlace(RespRequest request, CommandSpec spec, int keyArg) {
    MirrorCopy copy = MirrorCopy.of(this, request, spec, keyArg);
    return copy != null ? new MirroredRequest(this, copy) : new ForwardRequest(this);
  }

  /** Whether this client is another proxy's mirroring connection: what it sends is not mirrored. */
  boolean fromMirror() {
    return fromMirror;
  }

  /**
   * Queues {@code pending} and sends {@code frame} (taking ownership) to the node of {@code shard}
   * that the read policy picks for {@code spec}; fails it at once when the policy finds none.
   */
  void send(Shard shard, CommandSpec spec, ByteBuf frame, PendingReply pending) {
    replies.add(pending);
    if (watch != null && watch.shard().sameAs(shard)) {
      watch.send(frame, (ReplyCallback) pending);
      return;
    }
    Node node = nodeFor(shard, spec);
    if (node == null) {
      frame.release();
      ((ReplyCallback) pending).onReply(noNodeFor(shard));
      return;
    }
    send(shard, node, frame, (ReplyCallback) pending);
  }

  /**
   * Sends {@code frame} (taking ownership) to {@code node} of {@code shard}; for a Redis Cluster,
   * redirects are followed inside the proxy.
   */
  void send(Shard shard, Node node, ByteBuf frame, ReplyCallback callback) {
    ClusterTopology topology = shard.upstream().topology();
    if (topology != null) {
      ClusterRedirects.send(this, topology, node, frame, callback);
    } else {
      send(node, frame, callback);
    }
  }

  /** The error for a read that the read policy finds no node for. */
  ByteBuf noNodeFor(Shard shard) {
    return RespWriter.error(
        ctx.alloc(), "ERR no healthy replica of " + shard + " for readPolicy replica");
  }

  /**
   * Why the key at {@code arg} has no shard now: its cluster's slot map is not known yet, or the
   * sentinels have not named its shard's primary.
   */
  String unroutable(RespRequest request, int arg) {
    RespRequest sent = request.original();
    Upstream upstream =
        runtime.routing().upstreamOf(sent.frame(), sent.offset(arg), sent.length(arg));
    if (upstream.sentinel() != null) {
      return "MASTERDOWN upstream "
          + upstream.name()
          + " has no known primary for this key's shard: "
          + upstream.sentinel().lastError();
    }
    ClusterTopology topology = upstream.topology();
    if (topology != null && topology.discovered()) {
      return "CLUSTERDOWN Hash slot not served by upstream " + upstream.name();
    }
    String reason = topology != null ? topology.lastError() : "no shard";
    return "CLUSTERDOWN upstream " + upstream.name() + " has no slot map yet: " + reason;
  }

  /** The key's shard for a write, or null while the slot map of its Redis Cluster is unknown. */
  Shard shardOf(RespRequest request, int arg) {
    return shardOf(request, arg, true);
  }

  /**
   * The shard of the key that starts {@code from} bytes into the argument at {@code arg} (the key
   * of a keyspace notification channel), or of the whole argument when {@code from} is 0.
   */
  Shard shardOfKeyIn(RespRequest request, int arg, int from) {
    RespRequest sent = request.original();
    return runtime
        .routing()
        .shardOf(sent.frame(), sent.offset(arg) + from, sent.length(arg) - from, true);
  }

  /** The key's shard for a write, or for a read when {@code write} is false (its read group). */
  Shard shardOf(RespRequest request, int arg, boolean write) {
    RespRequest sent = request.original();
    ByteBuf frame = sent.frame();
    return fromMirror
        ? runtime.routing().localShardOf(frame, sent.offset(arg), sent.length(arg))
        : runtime.routing().shardOf(frame, sent.offset(arg), sent.length(arg), write);
  }

  /** Sends {@code frame} (taking ownership) upstream, pausing this client if the socket is full. */
  void send(Node node, ByteBuf frame, ReplyCallback callback) {
    if (tracking != null) {
      tracking.send(node, frame, callback);
      return;
    }
    long now = decoding ? currentStart : System.nanoTime();
    Backpressure connection = upstreams.send(node, frame, callback, now);
    if (connection != null && !connection.isWritable() && (paused & PAUSED_UPSTREAM) == 0) {
      pause(PAUSED_UPSTREAM);
      connection.whenWritable(resumeFromUpstream);
    }
  }

  /**
   * Sends {@code frames} (taking ownership) back to back on one connection to {@code node}, each
   * reply to its callback (MULTI ... EXEC, a script load and its call).
   */
  void sendTogether(Node node, List<ByteBuf> frames, List<ReplyCallback> callbacks) {
    if (tracking != null) {
      tracking.sendTogether(node, frames, callbacks);
    } else {
      upstreams.sendTogether(node, frames, callbacks, System.nanoTime());
    }
  }

  /** Sends ASKING and {@code frame} (taking ownership) on one connection to {@code node}. */
  void sendAsking(Node node, ByteBuf frame, ReplyCallback callback) {
    if (tracking != null) {
      ByteBuf asking = RequestDecoder.encode(ctx.alloc(), "ASKING").frame();
      tracking.sendTogether(node, List.of(asking, frame), List.of(ByteBuf::release, callback));
    } else {
      upstreams.sendAsking(node, frame, callback, System.nanoTime());
    }
  }

  private boolean subscribed() {
    return subscriptions != null && subscriptions.active();
  }

  private static boolean allowedWhileSubscribed(CommandSpec spec) {
    return spec.handling() == Handling.SUBSCRIBE || LocalCommands.allowedWhileSubscribed(spec);
  }

  /** The last subscription ended and every node confirmed it: an ordinary client again. */
  void unsubscribed() {
    subscriptions = null;
  }

  /** A command refused inside MULTI dooms the transaction, as in Redis. */
  private void abortTransaction() {
    if (transaction != null) {
      transaction.abort();
    }
  }

  /** The open MULTI, or null. */
  Transaction transaction() {
    return transaction;
  }

  void transaction(Transaction transaction) {
    this.transaction = transaction;
  }

  /** The client's WATCH, or null. */
  Watch watch() {
    return watch;
  }

  void watch(Watch watch) {
    this.watch = watch;
  }

  /** Whether a reply is still owed to the client. */
  boolean owesReplies() {
    return !replies.isEmpty();
  }

  /** Stops taking requests until every reply owed is written, when one is. */
  void orderAfterPending() {
    if (!replies.isEmpty()) {
      pause(PAUSED_ORDER);
    }
  }

  /** Runs {@code request} once every reply owed is written; the client's next ones wait too. */
  void holdUntilAnswered(RespRequest request, CommandSpec spec) {
    held = request;
    heldSpec = spec;
    pause(PAUSED_ORDER);
  }

  /** Remembers a request blocking on its own connection, to cancel it if the client leaves. */
  void blocking(BlockingRequest request) {
    blocked.add(request);
    pause(PAUSED_BLOCKED);
  }

  /**
   * A blocked request whose keys the config moves to another shard was taken off its previous one:
   * it blocks again, through the move gate, in its place of the reply order, the last (nothing is
   * read while a client blocks).
   */
  void blockAgain(BlockingRequest previous, RespRequest request, CommandSpec spec) {
    blocked.remove(previous);
    replies.removeLastOccurrence(previous);
    refreshRuntime();
    currentSilent = previous.silent();
    currentMetrics = server.metrics().command(spec.name());
    currentStart = System.nanoTime();
    if (!runtime.routing().resharding() || moveGate().admits(request, spec)) {
      run(request, spec);
    } else if (!moveGate.holding()) {
      dispatched(spec);
    }
    if (blocked.isEmpty()) {
      resume(PAUSED_BLOCKED);
    }
  }

  /**
   * The config began moving keys: requests blocked on keys that move block again elsewhere, and
   * {@code barrier} waits for every request this client sent before (a block, until it is off its
   * shard or answered; a WAIT, which writes nothing, not at all).
   */
  void moveBegan(MoveBarrier barrier) {
    for (BlockingRequest request : List.copyOf(blocked)) {
      request.moveBegan(barrier.hold());
    }
    for (var owed = replies.descendingIterator(); owed.hasNext(); ) {
      PendingReply last = owed.next();
      if (!(last instanceof BlockingRequest) && !(last instanceof WaitRequest)) {
        Runnable earlier = moveMarkWritten;
        Runnable written = barrier.hold();
        moveMark = last;
        moveMarkWritten =
            earlier == null
                ? written
                : () -> {
                  earlier.run();
                  written.run();
                };
        return;
      }
    }
  }

  private void moveMarkPassed() {
    Runnable written = moveMarkWritten;
    moveMark = null;
    moveMarkWritten = null;
    written.run();
  }

  void unblocked(BlockingRequest request) {
    blocked.remove(request);
    if (blocked.isEmpty()) {
      resume(PAUSED_BLOCKED);
    }
  }

  /** Queues a reply place; the caller completes it later. */
  void enqueue(PendingReply pending) {
    replies.add(pending);
  }

  /**
   * Queues a WAIT; it starts once every reply before it is written. As in Redis, the client's next
   * commands wait until it answers.
   */
  void waitStarted(WaitRequest wait) {
    pause(PAUSED_BLOCKED);
    waiting = wait;
    replies.add(wait);
    if (replies.size() == 1) {
      wait.start();
    }
  }

  void waitEnded() {
    waiting = null;
    if (blocked.isEmpty()) {
      resume(PAUSED_BLOCKED);
    }
  }

  /** The metrics of the request being dispatched; reply places made for it record there. */
  CommandMetrics currentMetrics() {
    return currentMetrics;
  }

  long currentStart() {
    return currentStart;
  }

  /**
   * Runs a command the proxy answers itself and returns its reply instead of writing it: a command
   * queued inside MULTI, whose reply goes into EXEC's. Releases the request.
   */
  ByteBuf answerLocally(RespRequest request, CommandSpec spec) {
    capturing = true;
    try {
      LocalCommands.handle(this, request, spec);
    } finally {
      capturing = false;
    }
    ByteBuf reply = captured;
    captured = null;
    return reply;
  }

  /** Whether a command queued in MULTI is running: its reply goes into EXEC's. */
  boolean capturing() {
    return capturing;
  }

  /** Answers at once, behind whatever is still pending. */
  void reply(ByteBuf reply) {
    if (capturing) {
      captured = reply;
    } else if (currentSilent && replies.isEmpty()) {
      reply.release();
    } else if (replies.isEmpty()) {
      if (currentMetrics != null) {
        currentMetrics.record(System.nanoTime() - currentStart, Replies.isError(reply));
      }
      write(reply);
    } else {
      replies.add(new LocalReply(this, reply));
    }
  }

  /**
   * Relays a message pushed to a subscribed client, behind replies still owed; it is no reply to a
   * command, so no command's metrics count it.
   */
  void push(ByteBuf message) {
    if (repliesOff) {
      message.release();
    } else if (replies.isEmpty()) {
      write(message);
    } else {
      replies.add(new LocalReply(this, message, null));
    }
  }

  /**
   * Answers a request the proxy does not serve as Redis would if Redis does not know it either,
   * else with the reason; releases the request.
   */
  void reject(RespRequest request) {
    ByteBuf error = RespWriter.error(ctx.alloc(), runtime.commands().rejection(request));
    request.release();
    reply(error);
  }

  /** Answers with an error and releases the request. */
  void fail(RespRequest request, String error) {
    request.release();
    reply(RespWriter.error(ctx.alloc(), error));
  }

  /** Answers, then closes the connection once every earlier reply is written (QUIT, errors). */
  void replyThenClose(ByteBuf reply) {
    closing = true;
    LocalReply last = new LocalReply(this, reply);
    last.closeConnectionAfter();
    replies.add(last);
    replyCompleted();
  }

  /** Writes every reply at the head of the queue that is complete. */
  void replyCompleted() {
    PendingReply head;
    long now = 0;
    while ((head = replies.peek()) != null && head.isComplete()) {
      replies.poll();
      if (head == moveMark) {
        moveMarkPassed();
      }
      ByteBuf reply = head.takeReply();
      if (now == 0) {
        now = upstreams.clock().now();
      }
      head.recordWritten(reply, now);
      if (head.silent()) {
        reply.release();
      } else {
        write(reply);
      }
      if (head.closesConnection()) {
        flushAndClose();
        return;
      }
    }
    if (waiting != null && head == waiting) {
      waiting.start();
    }
    if ((paused & PAUSED_ORDER) != 0 && replies.isEmpty()) {
      if (held != null) {
        RespRequest request = held;
        held = null;
        execute(request, heldSpec);
      }
      resume(PAUSED_ORDER);
    }
    if ((paused & PAUSED_PIPELINE) != 0
        && replies.size() <= runtime.config().limits().maxPipelineDepth() / 2) {
      resume(PAUSED_PIPELINE);
    }
    if (closeWhenDrained && replies.isEmpty()) {
      flushAndClose();
    }
  }

  /** Closes once the replies written so far reach the socket; a bare close would drop them. */
  private void flushAndClose() {
    output.flush();
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private void write(ByteBuf reply) {
    server.metrics().bytesOut(reply.readableBytes());
    output.add(reply);
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.channel().eventLoop().execute(flushTask);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    output.flush();
  }

  private void pause(int reason) {
    if (paused == 0) {
      ctx.channel().config().setAutoRead(false);
    }
    paused |= reason;
  }

  private void resume(int reason) {
    if ((paused & reason) == 0 || closed) {
      return;
    }
    paused &= ~reason;
    if (paused == 0) {
      ctx.channel().config().setAutoRead(true);
      ByteBuf buffered = input.buffered();
      if (buffered != null && buffered.isReadable() && !closing) {
        decode(buffered);
        input.compact();
      }
    }
  }

  /** Stops taking requests and closes once every reply owed is written (graceful shutdown). */
  void drainAndClose() {
    closing = true;
    closeWhenDrained = true;
    pause(PAUSED_CLIENT);
    if (replies.isEmpty()) {
      flushAndClose();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    if (writable) {
      resume(PAUSED_CLIENT);
    } else {
      pause(PAUSED_CLIENT);
    }
    if (subscriptions != null) {
      subscriptions.clientWritable(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    // A subscribed client waits for messages: idle is what it is meant to be, as in Redis.
    if (event instanceof IdleStateEvent && replies.isEmpty() && subscriptions == null) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    if (subscriptions != null) {
      subscriptions.close();
      subscriptions = null;
    }
    if (transaction != null) {
      transaction.release();
      transaction = null;
    }
    if (watch != null) {
      watch.close();
      watch = null;
    }
    if (tracking != null) {
      tracking.close();
      tracking = null;
    }
    if (held != null) {
      held.release();
      held = null;
    }
    if (moveGate != null) {
      moveGate.close();
    }
    for (BlockingRequest request : List.copyOf(blocked)) {
      request.cancel();
    }
    if (moveMark != null) {
      // The client left: nothing it sent is acknowledged to it any more.
      moveMarkPassed();
    }
    output.discard();
    input.release();
    for (PendingReply pending = replies.poll(); pending != null; pending = replies.poll()) {
      pending.discard();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the client is routine; anything else still ends only this connection.
    ctx.close();
  }
}
