package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.Handling;
import io.redisproxy.proxy.command.KeyIndexes;
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
  private final List<ByteBuf> queued = new ArrayList<>();
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
    queued.add(request.frame());
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
    ForwardRequest result = new ForwardRequest(session);
    session.enqueue(result);
    List<ByteBuf> frames = new ArrayList<>(queued.size() + 2);
    List<ReplyCallback> callbacks = new ArrayList<>(queued.size() + 2);
    ReplyCallback discard = ByteBuf::release;
    frames.add(RequestDecoder.encode(session.ctx().alloc(), "MULTI").frame());
    callbacks.add(discard);
    for (ByteBuf frame : queued) {
      frames.add(frame);
      callbacks.add(discard);
    }
    frames.add(RequestDecoder.encode(session.ctx().alloc(), "EXEC").frame());
    callbacks.add(result);
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
    queued.forEach(ByteBuf::release);
    queued.clear();
  }

  private static ByteBuf error(ClientSession session, String message) {
    return RespWriter.error(session.ctx().alloc(), message);
  }
}
