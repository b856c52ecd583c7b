package io.redisproxy.proxy.mirror;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.Replies;
import io.redisproxy.proxy.resp.RespRequest;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What to send a mirror so it ends up with the data the primary has: the command's effect, not its
 * text, where the text would do something else on the mirror, later. Relative expirations become
 * absolute (a mirror that applies them late must not stretch TTLs); {@code XADD *} carries the ID
 * the primary chose; SPOP and the blocking pops remove what the primary removed; counters and float
 * increments set the value the primary reached, which also makes a replay after a lost connection
 * harmless. A command that changed nothing (an error, a SET NX that did not set, an EXPIRE of a
 * missing key) is not mirrored. Everything else is mirrored as it was sent.
 *
 * <p>Pure: it reads the request and the primary's reply and builds a frame.
 */
public final class MirrorEffects {
  /** Marks a command mirrored as it was sent. */
  private static final CommandBuilder AS_SENT = new CommandBuilder();

  private MirrorEffects() {}

  /**
   * The frame to mirror for {@code request} (command {@code name}, lower case) that the primary
   * answered {@code reply}, read from {@code clockMillis} when the effect needs the time (wall
   * clock, milliseconds), or null when nothing is to be mirrored. The caller owns the frame; for a
   * command mirrored as sent it shares the request's bytes.
   */
  public static ByteBuf effect(
      RespRequest request,
      String name,
      ByteBuf reply,
      ByteBufAllocator alloc,
      LongSupplier clockMillis) {
    if (Replies.isError(reply)) {
      return null;
    }
    CommandBuilder command = rewrite(request, name, reply, clockMillis);
    if (command == AS_SENT) {
      // Not copied here: the caller copies it into the mirrors' batches and lets go at once.
      return request.frame().retainedDuplicate();
    }
    return command == null ? null : command.build(alloc);
  }

  private static CommandBuilder rewrite(
      RespRequest request, String name, ByteBuf reply, LongSupplier clock) {
    return switch (name) {
      case "expire", "pexpire" -> {
        if (Replies.integer(reply) != 1) {
          yield null;
        }
        long amount = request.number(2);
        long at = clock.getAsLong() + (name.equals("expire") ? amount * 1000 : amount);
        yield new CommandBuilder().word("PEXPIREAT").arg(request, 1).number(at);
      }
      case "expireat", "pexpireat", "persist" -> Replies.integer(reply) == 1 ? AS_SENT : null;
      case "setex", "psetex" -> {
        long amount = request.number(2);
        long at = clock.getAsLong() + (name.equals("setex") ? amount * 1000 : amount);
        yield new CommandBuilder()
            .word("SET")
            .arg(request, 1)
            .arg(request, 3)
            .word("PXAT")
            .number(at);
      }
      case "set" -> set(request, reply, clock);
      case "getex" -> getex(request, reply, clock);
      case "xadd" -> xadd(request, reply);
      case "spop" -> spop(request, reply);
      case "incr", "decr", "incrby", "decrby" ->
          new CommandBuilder()
              .word("SET")
              .arg(request, 1)
              .number(Replies.integer(reply))
              .word("KEEPTTL");
      case "incrbyfloat" ->
          new CommandBuilder().word("SET").arg(request, 1).bulk(reply).word("KEEPTTL");
      case "hincrby" ->
          new CommandBuilder()
              .word("HSET")
              .arg(request, 1)
              .arg(request, 2)
              .number(Replies.integer(reply));
      case "hincrbyfloat" ->
          new CommandBuilder().word("HSET").arg(request, 1).arg(request, 2).bulk(reply);
      case "zincrby" ->
          new CommandBuilder().word("ZADD").arg(request, 1).bulk(reply).arg(request, 3);
      case "blpop", "brpop" -> {
        if (Replies.isNil(reply)) {
          yield null;
        }
        List<ByteBuf> popped = Replies.elements(reply);
        yield new CommandBuilder().word(name.equals("blpop") ? "LPOP" : "RPOP").bulk(popped.get(0));
      }
      case "bzpopmin", "bzpopmax" -> {
        if (Replies.isNil(reply)) {
          yield null;
        }
        List<ByteBuf> popped = Replies.elements(reply);
        yield new CommandBuilder().word("ZREM").bulk(popped.get(0)).bulk(popped.get(1));
      }
      case "blmove" ->
          Replies.isNil(reply) ? null : new CommandBuilder().word("LMOVE").args(request, 1, 5);
      case "brpoplpush" ->
          Replies.isNil(reply) ? null : new CommandBuilder().word("RPOPLPUSH").args(request, 1, 3);
      case "blmpop" -> blmpop(request, reply);
      case "bzmpop" -> bzmpop(reply);
      case "restore" -> restore(request, clock);
      case "rpush", "lpush", "rpushx", "lpushx" -> push(request, name, reply);
      case "append" -> append(request, reply);
      default -> AS_SENT;
    };
  }

  /** SET with its conditions resolved: mirrored only when it set, with an absolute expiry. */
  private static CommandBuilder set(RespRequest request, ByteBuf reply, LongSupplier clock) {
    if (request.count() == 3) {
      return AS_SENT;
    }
    boolean nx = false;
    boolean xx = false;
    boolean get = false;
    CommandBuilder command = new CommandBuilder().word("SET").arg(request, 1).arg(request, 2);
    for (int i = 3; i < request.count(); i++) {
      if (request.is(i, "NX")) {
        nx = true;
      } else if (request.is(i, "XX")) {
        xx = true;
      } else if (request.is(i, "GET")) {
        get = true;
      } else if (request.is(i, "KEEPTTL")) {
        command.word("KEEPTTL");
      } else if (request.is(i, "EX") && i + 1 < request.count()) {
        command.word("PXAT").number(clock.getAsLong() + request.number(++i) * 1000);
      } else if (request.is(i, "PX") && i + 1 < request.count()) {
        command.word("PXAT").number(clock.getAsLong() + request.number(++i));
      } else if ((request.is(i, "EXAT") || request.is(i, "PXAT")) && i + 1 < request.count()) {
        command.arg(request, i).arg(request, ++i);
      }
    }
    boolean set;
    if (!nx && !xx) {
      set = true;
    } else if (get) {
      // With GET the reply is the old value: NX set only where there was none, XX only where there
      // was one.
      set = nx == Replies.isNil(reply);
    } else {
      set = Replies.isOk(reply);
    }
    return set ? command : null;
  }

  private static CommandBuilder getex(RespRequest request, ByteBuf reply, LongSupplier clock) {
    if (Replies.isNil(reply) || request.count() < 3) {
      return null;
    }
    CommandBuilder command = new CommandBuilder();
    if (request.is(2, "PERSIST")) {
      return command.word("PERSIST").arg(request, 1);
    }
    long amount = request.number(3);
    long at =
        request.is(2, "EX")
            ? clock.getAsLong() + amount * 1000
            : request.is(2, "PX")
                ? clock.getAsLong() + amount
                : request.is(2, "EXAT") ? amount * 1000 : amount;
    return command.word("PEXPIREAT").arg(request, 1).number(at);
  }

  /** XADD with the ID the primary gave the entry in place of {@code *} or {@code <ms>-*}. */
  private static CommandBuilder xadd(RespRequest request, ByteBuf reply) {
    if (Replies.isNil(reply)) {
      return null;
    }
    int id = 2;
    while (id < request.count()) {
      if (request.is(id, "NOMKSTREAM")) {
        id++;
      } else if (request.is(id, "MAXLEN") || request.is(id, "MINID")) {
        id++;
        if (id < request.count() && (request.is(id, "=") || request.is(id, "~"))) {
          id++;
        }
        id++;
        if (id < request.count() && request.is(id, "LIMIT")) {
          id += 2;
        }
      } else {
        break;
      }
    }
    if (id >= request.count()) {
      return AS_SENT;
    }
    return new CommandBuilder()
        .args(request, 0, id)
        .bulk(reply)
        .args(request, id + 1, request.count());
  }

  private static CommandBuilder spop(RespRequest request, ByteBuf reply) {
    if (Replies.isNil(reply)) {
      return null;
    }
    CommandBuilder command = new CommandBuilder().word("SREM").arg(request, 1);
    if (reply.getByte(reply.readerIndex()) == '$') {
      return command.bulk(reply);
    }
    List<ByteBuf> members = Replies.elements(reply);
    if (members.isEmpty()) {
      return null;
    }
    members.forEach(command::bulk);
    return command;
  }

  /** BLMPOP timeout numkeys key... LEFT|RIGHT [COUNT n]: pop as many from the key that gave. */
  private static CommandBuilder blmpop(RespRequest request, ByteBuf reply) {
    if (Replies.isNil(reply)) {
      return null;
    }
    List<ByteBuf> popped = Replies.elements(reply);
    int direction = 3 + (int) request.number(2);
    return new CommandBuilder()
        .word("LMPOP")
        .number(1)
        .bulk(popped.get(0))
        .arg(request, direction)
        .word("COUNT")
        .number(Replies.elements(popped.get(1)).size());
  }

  private static CommandBuilder bzmpop(ByteBuf reply) {
    if (Replies.isNil(reply)) {
      return null;
    }
    List<ByteBuf> popped = Replies.elements(reply);
    CommandBuilder command = new CommandBuilder().word("ZREM").bulk(popped.get(0));
    for (ByteBuf pair : Replies.elements(popped.get(1))) {
      command.bulk(Replies.elements(pair).get(0));
    }
    return command;
  }

  /**
   * A push, applied only if the list still has the length it had before the push on the primary: a
   * push sent again after a lost connection, which the mirror had already applied, does nothing.
   */
  private static CommandBuilder push(RespRequest request, String name, ByteBuf reply) {
    long length = Replies.integer(reply);
    int values = request.count() - 2;
    if (length == 0) {
      return null;
    }
    String push = name.startsWith("r") ? "rpush" : "lpush";
    return new CommandBuilder()
        .word("EVAL")
        .word(
            "if redis.call('llen', KEYS[1]) == tonumber(ARGV[1]) then return redis.call('"
                + push
                + "', KEYS[1], unpack(ARGV, 2)) end return 0")
        .number(1)
        .arg(request, 1)
        .number(length - values)
        .args(request, 2, request.count());
  }

  /** APPEND, applied only if the string still has the length it had before, as for a push. */
  private static CommandBuilder append(RespRequest request, ByteBuf reply) {
    long length = Replies.integer(reply);
    return new CommandBuilder()
        .word("EVAL")
        .word(
            "if redis.call('strlen', KEYS[1]) == tonumber(ARGV[1]) then return"
                + " redis.call('append', KEYS[1], ARGV[2]) end return 0")
        .number(1)
        .arg(request, 1)
        .number(length - request.length(2))
        .arg(request, 2);
  }

  /** RESTORE with a relative TTL becomes one with an absolute TTL. */
  private static CommandBuilder restore(RespRequest request, LongSupplier clock) {
    long ttl = request.number(2);
    for (int i = 4; i < request.count(); i++) {
      if (request.is(i, "ABSTTL")) {
        return AS_SENT;
      }
    }
    if (ttl <= 0) {
      return AS_SENT;
    }
    return new CommandBuilder()
        .args(request, 0, 2)
        .number(clock.getAsLong() + ttl)
        .args(request, 3, request.count())
        .word("ABSTTL");
  }
}
