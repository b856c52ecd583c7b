package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Handling;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.command.ScriptCalls;
import io.redisproxy.proxy.mirror.MirrorSender;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.RoutingTable;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A MULTI ... EXEC transaction, run as Redis runs it. The proxy answers QUEUED itself and keeps the
 * commands; EXEC sends MULTI, the commands for the shards and EXEC back to back on one connection
 * to the one shard that holds every key, where Redis runs them atomically. Commands the proxy
 * answers itself (PING, ECHO, SELECT 0, CLIENT SETNAME, UNWATCH, ...) are queued too and run once
 * the shard ran its part; their replies take their places in EXEC's reply. A transaction of such
 * commands only needs no shard. Keys on another shard abort the transaction with CROSSSLOT, as
 * Redis Cluster does. After WATCH, the transaction runs on the watch's connection (see {@link
 * Watch}) and its keys must be on the watched shard.
 */
final class Transaction {
  private final ClientSession session;
  private final List<Queued> queued = new ArrayList<>();
  private boolean writes;
  private int firstKey;
  private RespRequest firstRemote;
  private boolean anyRemote;
  private Shard shard;
  private boolean aborted;
  // The routing the queued commands' shard was found by: a reload while keys move may place them
  // elsewhere by EXEC.
  private RoutingTable routedBy;
  private boolean watchMoved;

  /** One queued command: sent to the shard, or answered by the proxy at EXEC. */
  record Queued(RespRequest request, CommandSpec spec, boolean remote) {}

  private Transaction(ClientSession session) {
    this.session = session;
    Watch watch = session.watch();
    this.shard = watch != null ? watch.shard() : null;
  }

  /** MULTI, EXEC, DISCARD, WATCH and UNWATCH, in or out of a transaction. */
  static void control(ClientSession session, RespRequest request, CommandSpec spec) {
    Transaction transaction = session.transaction();
    if (spec.name().equals("watch")) {
      watch(session, request, spec, transaction);
      return;
    }
    if (transaction != null && spec.name().equals("unwatch")) {
      // Queued, as Redis does: it runs inside EXEC, after the watch judged the transaction.
      transaction.queueLocal(request, spec);
      return;
    }
    request.release();
    switch (spec.name()) {
      case "multi" -> {
        if (transaction != null) {
          session.reply(error(session, "ERR MULTI calls can not be nested"));
        } else {
          session.transaction(new Transaction(session));
          session.reply(RespWriter.ok());
        }
      }
      case "discard" -> {
        if (transaction == null) {
          session.reply(error(session, "ERR DISCARD without MULTI"));
        } else {
          transaction.release();
          session.transaction(null);
          endWatch(session);
          session.reply(RespWriter.ok());
        }
      }
      case "unwatch" -> {
        endWatch(session);
        session.reply(RespWriter.ok());
      }
      default -> {
        if (transaction == null) {
          session.reply(error(session, "ERR EXEC without MULTI"));
        } else {
          session.transaction(null);
          transaction.exec();
        }
      }
    }
  }

  /**
   * EXEC that Redis refuses (a wrong number of arguments): as in Redis, the error says the
   * transaction was discarded, and it is.
   */
  static void execRefused(ClientSession session, RespRequest request, String error) {
    request.release();
    Transaction transaction = session.transaction();
    if (transaction != null) {
      transaction.release();
      session.transaction(null);
      endWatch(session);
    }
    String reason = error.startsWith("ERR ") ? error.substring(4) : error;
    session.reply(error(session, "EXECABORT Transaction discarded because of: " + reason));
  }

  private static void watch(
      ClientSession session, RespRequest request, CommandSpec spec, Transaction transaction) {
    if (transaction != null) {
      session.fail(request, "ERR WATCH inside MULTI is not allowed");
      return;
    }
    if (session.watch() == null && session.owesReplies()) {
      // The watch takes a connection of its own: it must not reach the shard before the client's
      // earlier requests to it.
      session.holdUntilAnswered(request, spec);
      return;
    }
    KeyIndexes keys = session.keys();
    keys.clear();
    if (!spec.keys().find(request, keys) || keys.size() == 0) {
      session.fail(request, "ERR syntax error: cannot find the keys of 'watch'");
      return;
    }
    Watch.watch(session, request, keys);
  }

  private static void endWatch(ClientSession session) {
    Watch watch = session.watch();
    if (watch != null) {
      watch.end();
    }
  }

  /** The queued commands for a shard, in order. */
  List<Queued> remote() {
    return queued.stream().filter(Queued::remote).toList();
  }

  /** How many commands are queued. */
  int size() {
    return queued.size();
  }

  /**
   * A command inside MULTI: checked and queued, answered QUEUED or with the reason it cannot be.
   */
  void queue(RespRequest request, CommandSpec spec) {
    if (spec.handling() == Handling.LOCAL) {
      String refusal = localRefusal(request, spec);
      if (refusal != null) {
        abort();
        session.fail(request, refusal);
        return;
      }
      queueLocal(request, spec);
      return;
    }
    String refusal = refusal(request, spec);
    if (refusal != null) {
      abort();
      session.fail(request, refusal);
      return;
    }
    if (firstRemote == null && session.keys().size() > 0) {
      firstRemote = request;
      firstKey = session.keys().get(0);
    }
    anyRemote = true;
    routedBy = session.runtime().routing();
    queued.add(new Queued(request, spec, true));
    writes |= spec.write();
    session.reply(RespWriter.simple(session.ctx().alloc(), "QUEUED"));
  }

  private void queueLocal(RespRequest request, CommandSpec spec) {
    queued.add(new Queued(request, spec, false));
    session.reply(RespWriter.simple(session.ctx().alloc(), "QUEUED"));
  }

  /**
   * Why a command the proxy answers itself cannot be queued: a subcommand Redis does not know (a
   * queue-time error in Redis too) or the proxy refuses, or INFO, which asks every shard and so
   * cannot happen inside one shard's transaction.
   */
  private String localRefusal(RespRequest request, CommandSpec spec) {
    byte[] subcommand = session.runtime().commands().subcommandRejection(request);
    if (subcommand != null) {
      return new String(subcommand, StandardCharsets.UTF_8);
    }
    return spec.name().equals("info")
        ? "ERR 'info' inside MULTI is not served by the proxy: it asks every shard, outside the"
            + " transaction"
        : null;
  }

  private String refusal(RespRequest request, CommandSpec spec) {
    boolean keyed =
        switch (spec.handling()) {
          case FORWARD, SPLIT_VALUES, SPLIT_PAIRS, SPLIT_COUNT, BLOCKING -> true;
          default -> false;
        };
    if (!keyed) {
      return "ERR '"
          + spec.name()
          + "' inside MULTI is not served by the proxy: a transaction runs on one shard, and"
          + " holds only commands for that shard and those the proxy answers itself";
    }
    KeyIndexes keys = session.keys();
    keys.clear();
    boolean found = spec.keys().find(request, keys);
    if (!found || keys.size() == 0) {
      keys.clear();
      // As outside MULTI (see ClientSession.forwardKeyless): the shard's Redis refuses it at EXEC,
      // or runs a script without keys.
      byte[] refused = session.runtime().commands().subcommandRejection(request);
      if (refused != null) {
        return new String(refused, StandardCharsets.UTF_8);
      }
      return null;
    }
    for (int i = 0; i < keys.size(); i++) {
      Shard keyShard = session.shardOf(request, keys.get(i));
      if (keyShard == null) {
        return session.unroutable(request, keys.get(i));
      }
      if (shard == null) {
        shard = keyShard;
      } else if (!keyShard.sameAs(shard)) {
        Watch watch = session.watch();
        if (watch != null && watch.shard() == shard && watch.movedSince(session.runtime())) {
          // Its keys moved to another shard, which a watch counts as a change: EXEC answers nil.
          watchMoved = true;
          continue;
        }
        return "CROSSSLOT Keys in request don't hash to the same slot";
      }
    }
    return SortPatternRule.refusal(session, request, spec, shard, true);
  }

  private void exec() {
    if (aborted) {
      release();
      endWatch(session);
      session.reply(error(session, "EXECABORT Transaction discarded because of previous errors."));
      return;
    }
    Watch watch = session.watch();
    if (anyRemote && routedBy != session.runtime().routing() && !rerouted(watch)) {
      return;
    }
    if (watchMoved) {
      release();
      endWatch(session);
      session.reply(session.protocol().nilArray());
      return;
    }
    if (!anyRemote && watch == null) {
      // Nothing for a shard: the proxy runs it all, as one server would.
      ByteBuf reply = session.ctx().alloc().buffer();
      RespWriter.arrayHeader(reply, queued.size());
      for (Queued command : queued) {
        writeLocal(reply, command);
      }
      queued.clear();
      session.reply(reply);
      return;
    }
    // A transaction whose commands for a shard name no key holds only errors: it mirrors nothing.
    List<MirrorSender> mirrors =
        writes && firstRemote != null
            ? MirrorCopy.targets(session, firstRemote, true, firstKey)
            : List.of();
    ExecReply result = new ExecReply(session, mirrors.isEmpty() ? null : mirrors);
    session.enqueue(result);
    List<ByteBuf> frames = new ArrayList<>(queued.size() + 2);
    List<ReplyCallback> callbacks = new ArrayList<>(queued.size() + 2);
    ReplyCallback discard = ByteBuf::release;
    loadScripts(frames, callbacks);
    frames.add(RequestDecoder.encode(session.ctx().alloc(), "MULTI").frame());
    callbacks.add(discard);
    for (Queued command : queued) {
      if (command.remote()) {
        result.keep(command);
        frames.add(command.request().frame());
        callbacks.add(discard);
      } else {
        result.local(command);
      }
    }
    frames.add(RequestDecoder.encode(session.ctx().alloc(), "EXEC").frame());
    callbacks.add(result);
    queued.clear();
    if (result.hasLocals()) {
      // They run when the shard's reply comes: the client's next requests (a CLIENT SETNAME after
      // EXEC) must not run before them.
      session.orderAfterPending();
    }
    if (watch != null) {
      // An empty transaction still goes: EXEC answers nil if a watched key changed.
      watch.sendAll(frames, callbacks);
      watch.end();
      return;
    }
    Shard target = shard != null ? shard : session.anyShard();
    if (target == null) {
      frames.forEach(ByteBuf::release);
      result.onReply(error(session, "CLUSTERDOWN no shard is known yet"));
      return;
    }
    Node primary = target.primary();
    session.sendTogether(primary, frames, callbacks);
  }

  /**
   * The config changed since the commands were queued: finds their shard again, as a move of keys
   * to other shards changes it. A key that left the watched shard counts as changed, so EXEC
   * answers nil, as Redis does after a watched key changed. Returns whether EXEC goes on; if not,
   * it is answered.
   */
  private boolean rerouted(Watch watch) {
    shard = watch != null ? watch.shard() : null;
    String refusal = null;
    for (Queued command : queued) {
      if (command.remote()) {
        refusal = refusal(command.request(), command.spec());
        if (refusal != null) {
          break;
        }
      }
    }
    if (refusal == null) {
      return true;
    }
    release();
    endWatch(session);
    session.reply(error(session, "EXECABORT Transaction discarded because of: " + refusal));
    return false;
  }

  /**
   * Ahead of MULTI, on the same connection, SCRIPT LOAD of each script the transaction calls by
   * digest and the proxy knows: inside EXEC a NOSCRIPT cannot be retried, so the shard gets the
   * script first (a no-op where it has it). The bodies its EVALs carry are kept once it ran (see
   * {@link ExecReply}), so an EVALSHA before the EVAL of its script gets NOSCRIPT, as in Redis.
   */
  private void loadScripts(List<ByteBuf> frames, List<ReplyCallback> callbacks) {
    ScriptCache scripts = session.server().scripts();
    for (Queued command : queued) {
      byte[] body =
          command.remote() && ScriptCalls.callsBySha(command.spec())
              ? scripts.body(command.request().text(1))
              : null;
      if (body != null) {
        List<byte[]> load = List.of(ascii("SCRIPT"), ascii("LOAD"), body);
        frames.add(RequestDecoder.encode(load, session.ctx().alloc()).frame());
        callbacks.add(ByteBuf::release);
      }
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs a queued command the proxy answers itself, and writes its reply into {@code out}. */
  private void writeLocal(ByteBuf out, Queued command) {
    ByteBuf reply =
        command.spec().handling() == Handling.TRANSACTION
            ? unwatched(command.request())
            : session.answerLocally(command.request(), command.spec());
    out.writeBytes(reply);
    reply.release();
  }

  private ByteBuf unwatched(RespRequest request) {
    request.release();
    return RespWriter.ok();
  }

  /** EXEC will answer EXECABORT. */
  void abort() {
    aborted = true;
  }

  /** Frees the queued commands (DISCARD, an aborted EXEC, or the client left). */
  void release() {
    queued.forEach(command -> command.request().release());
    queued.clear();
  }

  private static ByteBuf error(ClientSession session, String message) {
    return RespWriter.error(session.ctx().alloc(), message);
  }

  /**
   * EXEC's reply: the shard's, with the replies of the commands the proxy answers itself put in
   * their places once the shard ran the rest (a transaction that did not run runs none of them). On
   * a mirrored route, the mirrors then get MULTI, the effect of each queued command (read from its
   * place in the shard's reply) and EXEC, so they apply it atomically too; a transaction that did
   * not run (a watched key changed, an error) mirrors nothing.
   */
  private final class ExecReply extends PendingReply implements ReplyCallback {
    private final List<MirrorSender> mirrors;
    private final List<Queued> remote = new ArrayList<>();
    // Where each command the proxy answers goes among all queued ones, in order.
    private final List<Queued> locals = new ArrayList<>();
    private final List<Integer> localPlaces = new ArrayList<>();
    // The bodies the transaction's EVALs carry: Redis keeps them once the transaction ran, unless
    // a SCRIPT FLUSH sent after it (in the script epoch it was sent in) removed them.
    private final List<byte[]> scripts = new ArrayList<>(0);
    private final long scriptEpoch = session.server().scripts().epoch();

    ExecReply(ClientSession session, List<MirrorSender> mirrors) {
      super(session);
      this.mirrors = mirrors;
    }

    void keep(Queued command) {
      if (mirrors != null) {
        command.request().frame().retain();
      }
      if (ScriptCalls.carriesBody(command.spec())) {
        RespRequest request = command.request();
        scripts.add(ByteBufUtil.getBytes(request.frame(), request.offset(1), request.length(1)));
      }
      remote.add(command);
    }

    boolean hasLocals() {
      return !locals.isEmpty();
    }

    void local(Queued command) {
      localPlaces.add(remote.size() + locals.size());
      locals.add(command);
    }

    @Override
    public void onReply(ByteBuf reply) {
      boolean ran = reply.getByte(reply.readerIndex()) == '*' && !Replies.isNil(reply);
      if (ran) {
        scripts.forEach(body -> session.server().scripts().remember(body, scriptEpoch));
      }
      try {
        if (mirrors != null && ran) {
          mirror(Replies.elements(reply));
        }
      } catch (RuntimeException e) {
        // An EXEC reply the proxy cannot read: the client still gets it; the mirror gets nothing.
      } finally {
        if (mirrors != null) {
          remote.forEach(command -> command.request().release());
        }
      }
      if (locals.isEmpty()) {
        complete(reply);
      } else if (!ran || session.isClosed()) {
        locals.forEach(command -> command.request().release());
        complete(reply);
      } else {
        complete(withLocals(reply));
      }
    }

    /** The shard's reply with the local replies in their places; an error if it cannot be read. */
    private ByteBuf withLocals(ByteBuf reply) {
      List<ByteBuf> results = readableResults(reply);
      if (results == null) {
        locals.forEach(command -> command.request().release());
        reply.release();
        return error(session, "ERR unexpected EXEC reply from upstream");
      }
      ByteBuf merged = session.ctx().alloc().buffer(reply.readableBytes() + 16 * locals.size());
      RespWriter.arrayHeader(merged, results.size() + locals.size());
      int next = 0;
      for (int place = 0, local = 0; place < results.size() + locals.size(); place++) {
        if (local < locals.size() && localPlaces.get(local) == place) {
          writeLocal(merged, locals.get(local++));
        } else {
          ByteBuf result = results.get(next++);
          merged.writeBytes(result, result.readerIndex(), result.readableBytes());
        }
      }
      reply.release();
      return merged;
    }

    /** The results of the commands sent to the shard, or null when the reply holds other. */
    private List<ByteBuf> readableResults(ByteBuf reply) {
      try {
        List<ByteBuf> results = Replies.elements(reply);
        return results.size() == remote.size() ? results : null;
      } catch (RuntimeException e) {
        return null;
      }
    }

    private void mirror(List<ByteBuf> results) {
      ByteBuf frames = session.ctx().alloc().buffer();
      int count = 0;
      RespWriter.arrayHeader(frames, 1);
      RespWriter.bulk(frames, "MULTI");
      for (int i = 0; i < remote.size() && i < results.size(); i++) {
        ByteBuf effect =
            MirrorCopy.effect(
                session, remote.get(i).request(), remote.get(i).spec().name(), results.get(i));
        if (effect != null) {
          frames.writeBytes(effect);
          effect.release();
          count++;
        }
      }
      if (count == 0) {
        frames.release();
        return;
      }
      RespWriter.arrayHeader(frames, 1);
      RespWriter.bulk(frames, "EXEC");
      MirrorCopy.offer(session, mirrors, frames, count + 2);
    }
  }
}
