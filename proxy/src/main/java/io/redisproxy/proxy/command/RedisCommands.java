package io.redisproxy.proxy.command;

import static io.redisproxy.proxy.command.KeySpec.range;

import java.util.ArrayList;
import java.util.List;

/** The Redis 7 commands this proxy serves, with their arity, keys and handling. */
final class RedisCommands {
  private RedisCommands() {}

  static List<CommandSpec> all() {
    List<CommandSpec> specs = new ArrayList<>();
    local(specs, "ping", -1);
    local(specs, "echo", 2);
    local(specs, "quit", -1);
    local(specs, "select", 2);
    local(specs, "command", -1);
    local(specs, "client", -2);
    local(specs, "hello", -1);
    local(specs, "info", -1);
    local(specs, "auth", -2);
    read(specs, "get", 2, range(1, 1, 1));
    write(specs, "set", -3, range(1, 1, 1));
    specs.add(new CommandSpec("mget", -2, false, Handling.SPLIT_VALUES, range(1, -1, 1)));
    specs.add(new CommandSpec("mset", -3, true, Handling.SPLIT_PAIRS, range(1, -1, 2)));
    specs.add(new CommandSpec("del", -2, true, Handling.SPLIT_COUNT, range(1, -1, 1)));
    specs.add(new CommandSpec("unlink", -2, true, Handling.SPLIT_COUNT, range(1, -1, 1)));
    specs.add(new CommandSpec("exists", -2, false, Handling.SPLIT_COUNT, range(1, -1, 1)));
    specs.add(new CommandSpec("touch", -2, false, Handling.SPLIT_COUNT, range(1, -1, 1)));
    specs.add(new CommandSpec("dbsize", 1, false, Handling.ALL_SUM, KeySpec.NONE));
    specs.add(new CommandSpec("flushdb", -1, true, Handling.ALL_OK, KeySpec.NONE));
    specs.add(new CommandSpec("flushall", -1, true, Handling.ALL_OK, KeySpec.NONE));
    specs.add(new CommandSpec("keys", 2, false, Handling.ALL_CONCAT, KeySpec.NONE));
    specs.add(new CommandSpec("scan", -2, false, Handling.SCAN, KeySpec.NONE));
    specs.add(new CommandSpec("randomkey", 1, false, Handling.ANY_SHARD, KeySpec.NONE));
    return specs;
  }

  private static void local(List<CommandSpec> specs, String name, int arity) {
    specs.add(new CommandSpec(name, arity, false, Handling.LOCAL, KeySpec.NONE));
  }

  private static void read(List<CommandSpec> specs, String name, int arity, KeySpec keys) {
    specs.add(new CommandSpec(name, arity, false, Handling.FORWARD, keys));
  }

  private static void write(List<CommandSpec> specs, String name, int arity, KeySpec keys) {
    specs.add(new CommandSpec(name, arity, true, Handling.FORWARD, keys));
  }
}
