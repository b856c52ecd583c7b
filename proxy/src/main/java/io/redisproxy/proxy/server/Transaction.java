package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Handling;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.mirror.MirrorSender;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import io.redisproxy.proxy.route.Shard;
import io.redisproxy.proxy.upstream.Node;
import io.redisproxy.proxy.upstream.ReplyCallback;
import java.util.ArrayList;
import java.util.List;

/**
 * A MULTI ... EXEC transaction. The proxy answers QUEUED itself and keeps the commands; EXEC sends
 * MULTI, the commands and EXEC back to back on one connection to the one shard that holds every
 * key, where Redis runs them atomically, and returns EXEC's reply. Keys on another shard abort the
 * transaction with CROSSSLOT, as Redis Cluster does. After WATCH, the transaction runs on the
 * watch's connection (see {@link Watch}) and its keys must be on the watched shard.
 */
final class Transaction {
  private final ClientSession session;
  private final List<RespRequest> queued = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private boolean writes;
  private int firstKey;
  private Shard shard;
  private boolean aborted;

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
        if (transaction != null) {
          transaction.abort();
          session.reply(error(session, "ERR 'unwatch' inside MULTI is not supported by the proxy"));
        } else {
          endWatch(session);
          session.reply(RespWriter.ok());
        }
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

  private static void watch(
      ClientSession session, RespRequest request, CommandSpec spec, Transaction transaction) {
    if (transaction != null) {
      session.fail(request, "ERR WATCH inside MULTI is not allowed");
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

  /**
   * A command inside MULTI: checked and queued, answered QUEUED or with the reason it cannot be.
   */
  void queue(RespRequest request, CommandSpec spec) {
    String refusal = refusal(request, spec);
    if (refusal != null) {
      abort();
      session.fail(request, refusal);
      return;
    }
    if (queued.isEmpty()) {
      firstKey = session.keys().get(0);
    }
    queued.add(request);
    names.add(spec.name());
    writes |= spec.write();
    session.reply(RespWriter.simple(session.ctx().alloc(), "QUEUED"));
  }

  private String refusal(RespRequest request, CommandSpec spec) {
    boolean keyed =
        spec.handling() == Handling.FORWARD
            || spec.handling() == Handling.SPLIT_VALUES
            || spec.handling() == Handling.SPLIT_PAIRS
            || spec.handling() == Handling.SPLIT_COUNT;
    if (!keyed) {
      return "ERR '" + spec.name() + "' inside MULTI is not supported by the proxy";
    }
    KeyIndexes keys = session.keys();
    keys.clear();
    if (!spec.keys().find(request, keys) || keys.size() == 0) {
      return "ERR syntax error: cannot find the keys of '" + spec.name() + "'";
    }
    for (int i = 0; i < keys.size(); i++) {
      Shard keyShard = session.shardOf(request, keys.get(i));
      if (keyShard == null) {
        return session.unroutable(request, keys.get(i));
      }
      if (shard == null) {
        shard = keyShard;
      } else if (keyShard != shard) {
        return "CROSSSLOT Keys in request don't hash to the same slot";
      }
    }
    return null;
  }

  private void exec() {
    if (aborted) {
      release();
      endWatch(session);
      session.reply(error(session, "EXECABORT Transaction discarded because of previous errors."));
      return;
    }
    Watch watch = session.watch();
    if (queued.isEmpty() && watch == null) {
      session.reply(RespWriter.emptyArray());
      return;
    }
    List<MirrorSender> mirrors =
        writes ? MirrorCopy.targets(session, queued.get(0), true, firstKey) : List.of();
    MirroredExec mirrored = mirrors.isEmpty() ? null : new MirroredExec(session, mirrors);
    PendingReply result = mirrored != null ? mirrored : new ForwardRequest(session);
    session.enqueue(result);
    List<ByteBuf> frames = new ArrayList<>(queued.size() + 2);
    List<ReplyCallback> callbacks = new ArrayList<>(queued.size() + 2);
    ReplyCallback discard = ByteBuf::release;
    frames.add(RequestDecoder.encode(session.ctx().alloc(), "MULTI").frame());
    callbacks.add(discard);
    for (RespRequest request : queued) {
      if (mirrored != null) {
        mirrored.keep(request);
      }
      frames.add(request.frame());
      callbacks.add(discard);
    }
    frames.add(RequestDecoder.encode(session.ctx().alloc(), "EXEC").frame());
    callbacks.add((ReplyCallback) result);
    queued.clear();
    if (watch != null) {
      // An empty transaction still goes: EXEC answers nil if a watched key changed.
      watch.sendAll(frames, callbacks);
      watch.end();
      return;
    }
    Node primary = shard.primary();
    session.upstreams().sendTogether(primary, frames, callbacks, System.nanoTime());
  }

  /** EXEC will answer EXECABORT. */
  void abort() {
    aborted = true;
  }

  /** Frees the queued commands (DISCARD, an aborted EXEC, or the client left). */
  void release() {
    queued.forEach(RespRequest::release);
    queued.clear();
  }

  private static ByteBuf error(ClientSession session, String message) {
    return RespWriter.error(session.ctx().alloc(), message);
  }

  /**
   * EXEC of a transaction on a mirrored route: once it ran, the mirrors get MULTI, the effect of
   * each queued command (read from its place in EXEC's reply) and EXEC, so they apply it atomically
   * too. A transaction that did not run (a watched key changed, an error) mirrors nothing.
   */
  private final class MirroredExec extends PendingReply implements ReplyCallback {
    private final List<MirrorSender> mirrors;
    private final List<RespRequest> requests = new ArrayList<>();
    private final List<String> commands = new ArrayList<>(names);

    MirroredExec(ClientSession session, List<MirrorSender> mirrors) {
      super(session);
      this.mirrors = mirrors;
    }

    void keep(RespRequest request) {
      request.frame().retain();
      requests.add(request);
    }

    @Override
    public void onReply(ByteBuf reply) {
      try {
        if (reply.getByte(reply.readerIndex()) == '*' && !Replies.isNil(reply)) {
          mirror(Replies.elements(reply));
        }
      } catch (RuntimeException e) {
        // An EXEC reply the proxy cannot read: the client still gets it; the mirror gets nothing.
      } finally {
        requests.forEach(RespRequest::release);
      }
      complete(reply);
    }

    private void mirror(List<ByteBuf> results) {
      ByteBuf frames = session.ctx().alloc().buffer();
      int count = 0;
      RespWriter.arrayHeader(frames, 1);
      RespWriter.bulk(frames, "MULTI");
      for (int i = 0; i < requests.size() && i < results.size(); i++) {
        ByteBuf effect =
            MirrorCopy.effect(session, requests.get(i), commands.get(i), results.get(i));
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
