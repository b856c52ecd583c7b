package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.command.CommandSpec;
import io.redisproxy.proxy.command.CommandTable;
import io.redisproxy.proxy.command.KeyIndexes;
import io.redisproxy.proxy.command.LegacyKeyRange;
import io.redisproxy.proxy.resp.RespProtocol;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND, answered from the proxy's command table: clients that ask learn exactly what the proxy
 * serves, not what the shards could.
 */
final class CommandCommand {
  private CommandCommand() {}

  static void handle(ClientSession session, RespRequest request) {
    ByteBufAllocator alloc = session.ctx().alloc();
    CommandTable table = session.runtime().commands();
    RespProtocol protocol = session.protocol();
    if (request.count() == 1) {
      session.reply(infos(alloc, table.all(), protocol));
      return;
    }
    switch (request.text(1).toUpperCase(Locale.ROOT)) {
      case "COUNT" -> session.reply(RespWriter.integer(alloc, table.all().size()));
      case "LIST" -> {
        ByteBuf reply = alloc.buffer();
        RespWriter.arrayHeader(reply, table.all().size());
        table.all().forEach(spec -> RespWriter.bulk(reply, spec.name()));
        session.reply(reply);
      }
      case "INFO" -> {
        ByteBuf reply = alloc.buffer();
        RespWriter.arrayHeader(reply, request.count() - 2);
        for (int arg = 2; arg < request.count(); arg++) {
          CommandSpec spec = table.get(request.text(arg));
          if (spec == null) {
            reply.writeBytes(protocol.nilArray());
          } else {
            info(reply, spec, protocol);
          }
        }
        session.reply(reply);
      }
      case "DOCS" -> {
        ByteBuf reply = alloc.buffer(8);
        protocol.mapHeader(reply, 0);
        session.reply(reply);
      }
      case "GETKEYS" -> getKeys(session, request, table);
      default -> session.reply(RespWriter.error(alloc, table.rejection(request)));
    }
  }

  private static void getKeys(ClientSession session, RespRequest request, CommandTable table) {
    ByteBufAllocator alloc = session.ctx().alloc();
    RespRequest inner = request.shifted(2);
    CommandSpec spec = table.lookup(inner);
    KeyIndexes keys = new KeyIndexes();
    if (spec == null) {
      session.reply(RespWriter.error(alloc, "ERR Invalid command specified"));
    } else if (!spec.arityAccepts(inner.count())) {
      session.reply(
          RespWriter.error(alloc, "ERR Invalid number of arguments specified for command"));
    } else if (!spec.keys().find(inner, keys) || keys.size() == 0) {
      session.reply(RespWriter.error(alloc, "ERR The command has no key arguments"));
    } else {
      ByteBuf reply = alloc.buffer();
      RespWriter.arrayHeader(reply, keys.size());
      for (int i = 0; i < keys.size(); i++) {
        RespWriter.bulk(reply, inner.frame(), inner.offset(keys.get(i)), inner.length(keys.get(i)));
      }
      session.reply(reply);
    }
  }

  private static ByteBuf infos(
      ByteBufAllocator alloc, List<CommandSpec> specs, RespProtocol protocol) {
    ByteBuf reply = alloc.buffer(specs.size() * 64);
    RespWriter.arrayHeader(reply, specs.size());
    specs.forEach(spec -> info(reply, spec, protocol));
    return reply;
  }

  /** The six classic fields of a COMMAND entry: name, arity, flags, first, last, step. */
  private static void info(ByteBuf reply, CommandSpec spec, RespProtocol protocol) {
    LegacyKeyRange range = LegacyKeyRange.of(spec.keys());
    RespWriter.arrayHeader(reply, 6);
    RespWriter.bulk(reply, spec.name());
    RespWriter.integer(reply, spec.arity());
    int flags = 1 + (range.movable() ? 1 : 0);
    protocol.setHeader(reply, flags);
    RespWriter.simple(reply, spec.write() ? "write" : "readonly");
    if (range.movable()) {
      RespWriter.simple(reply, "movablekeys");
    }
    RespWriter.integer(reply, range.first());
    RespWriter.integer(reply, range.last());
    RespWriter.integer(reply, range.step());
  }
}
