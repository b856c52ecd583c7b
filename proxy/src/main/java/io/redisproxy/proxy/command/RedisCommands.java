package io.redisproxy.proxy.command;

import static io.redisproxy.proxy.command.KeySpec.afterKeyword;
import static io.redisproxy.proxy.command.KeySpec.afterOption;
import static io.redisproxy.proxy.command.KeySpec.counted;
import static io.redisproxy.proxy.command.KeySpec.forSubcommands;
import static io.redisproxy.proxy.command.KeySpec.range;
import static io.redisproxy.proxy.command.KeySpec.sortWithStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Redis 7 commands: those this proxy serves, with Redis' arity, write flag and key positions;
 * the subcommands Redis knows; and those Redis has that the proxy refuses, each with its reason
 * (see {@link #refused()}). A command Redis does not know gets Redis' own "unknown command" error.
 *
 * <p>OBJECT, MEMORY, XINFO and XGROUP are listed with the arity of their keyed subcommands and find
 * a key only for those; their server-wide subcommands (MEMORY STATS) are refused, and their HELP,
 * the same on every server, is answered by one shard.
 *
 * <p>Arities are Redis 7.0's, widened where Redis 7.2 accepts more (ZRANK and ZREVRANK WITHSCORE),
 * so the proxy never refuses what its upstream would serve. The write flag is Redis' own, except
 * that EVAL, EVALSHA and FCALL, which Redis flags neither write nor readonly because the script
 * decides, count as writes: they must reach the primary and the mirror.
 */
final class RedisCommands {
  private static final KeySpec KEY = range(1, 1, 1);
  private static final KeySpec TWO_KEYS = range(1, 2, 1);
  private static final KeySpec ALL_KEYS = range(1, -1, 1);
  private static final KeySpec NUMKEYS = counted(1, 1, 1);
  private static final KeySpec SCRIPT_KEYS = counted(2, 1, 1);
  private static final KeySpec DESTINATION_AND_NUMKEYS = KeySpec.all(KEY, counted(2, 1, 1));
  private static final KeySpec SUBCOMMAND_KEY = range(2, 2, 1);

  private final List<CommandSpec> specs = new ArrayList<>();

  private RedisCommands() {}

  static List<CommandSpec> all() {
    RedisCommands table = new RedisCommands();
    table.connection();
    table.keyspace();
    table.strings();
    table.bitmaps();
    table.lists();
    table.blocking();
    table.replication();
    table.transactions();
    table.pubSub();
    table.hashes();
    table.sets();
    table.sortedSets();
    table.hyperLogLogs();
    table.geo();
    table.streams();
    table.scripting();
    table.management();
    return List.copyOf(table.specs);
  }

  /**
   * The subcommands of each Redis 7 command that has them: Redis 7.0's, and CLIENT SETINFO and
   * NO-TOUCH of 7.2. A subcommand not listed is unknown to Redis, which says so.
   */
  static Map<String, Set<String>> subcommands() {
    return Map.ofEntries(
        Map.entry(
            "acl",
            Set.of(
                "cat", "deluser", "dryrun", "genpass", "getuser", "help", "list", "load", "log",
                "save", "setuser", "users", "whoami")),
        Map.entry(
            "client",
            Set.of(
                "caching",
                "getname",
                "getredir",
                "help",
                "id",
                "info",
                "kill",
                "list",
                "no-evict",
                "no-touch",
                "pause",
                "reply",
                "setinfo",
                "setname",
                "tracking",
                "trackinginfo",
                "unblock",
                "unpause")),
        Map.entry(
            "cluster",
            Set.of(
                "addslots",
                "addslotsrange",
                "bumpepoch",
                "count-failure-reports",
                "countkeysinslot",
                "delslots",
                "delslotsrange",
                "failover",
                "flushslots",
                "forget",
                "getkeysinslot",
                "help",
                "info",
                "keyslot",
                "links",
                "meet",
                "myid",
                "nodes",
                "replicas",
                "replicate",
                "reset",
                "saveconfig",
                "set-config-epoch",
                "setslot",
                "shards",
                "slaves",
                "slots")),
        Map.entry(
            "command",
            Set.of("count", "docs", "getkeys", "getkeysandflags", "help", "info", "list")),
        Map.entry("config", Set.of("get", "help", "resetstat", "rewrite", "set")),
        Map.entry(
            "function",
            Set.of("delete", "dump", "flush", "help", "kill", "list", "load", "restore", "stats")),
        Map.entry(
            "latency",
            Set.of("doctor", "graph", "help", "histogram", "history", "latest", "reset")),
        Map.entry("memory", Set.of("doctor", "help", "malloc-stats", "purge", "stats", "usage")),
        Map.entry("module", Set.of("help", "list", "load", "loadex", "unload")),
        Map.entry("object", Set.of("encoding", "freq", "help", "idletime", "refcount")),
        Map.entry(
            "pubsub",
            Set.of("channels", "help", "numpat", "numsub", "shardchannels", "shardnumsub")),
        Map.entry("script", Set.of("debug", "exists", "flush", "help", "kill", "load")),
        Map.entry("slowlog", Set.of("get", "help", "len", "reset")),
        Map.entry(
            "xgroup",
            Set.of("create", "createconsumer", "delconsumer", "destroy", "help", "setid")),
        Map.entry("xinfo", Set.of("consumers", "groups", "help", "stream")));
  }

  /**
   * Redis' arities of the subcommands the proxy answers itself or sends to every shard, by Redis'
   * full name.
   */
  static Map<String, Integer> subcommandArities() {
    return Map.ofEntries(
        Map.entry("client|setname", 3),
        Map.entry("client|getname", 2),
        Map.entry("client|setinfo", 4),
        Map.entry("client|id", 2),
        Map.entry("client|info", 2),
        Map.entry("client|list", -2),
        Map.entry("client|kill", -3),
        Map.entry("client|reply", 3),
        Map.entry("client|no-evict", 3),
        Map.entry("client|no-touch", 3),
        Map.entry("client|tracking", -3),
        Map.entry("client|caching", 3),
        Map.entry("client|getredir", 2),
        Map.entry("client|trackinginfo", 2),
        Map.entry("command|count", 2),
        Map.entry("command|list", -2),
        Map.entry("command|info", -2),
        Map.entry("command|docs", -2),
        Map.entry("command|getkeys", -3),
        Map.entry("script|load", 3),
        Map.entry("script|exists", -3),
        Map.entry("script|flush", -2),
        Map.entry("script|kill", 2),
        Map.entry("script|help", 2),
        Map.entry("function|load", -3),
        Map.entry("function|delete", 3),
        Map.entry("function|flush", -2),
        Map.entry("function|restore", -3),
        Map.entry("function|kill", 2),
        Map.entry("function|list", -2),
        Map.entry("function|dump", 2),
        Map.entry("function|stats", 2),
        Map.entry("function|help", 2),
        Map.entry("config|get", -3),
        Map.entry("config|set", -4),
        Map.entry("config|resetstat", 2),
        Map.entry("config|help", 2));
  }

  /**
   * What Redis 7 has and the proxy does not serve, as Redis names it ({@code config}, {@code
   * client|pause}), each with the reason the client is told. A whole command's reason covers its
   * subcommands.
   */
  static Map<String, String> refused() {
    Map<String, String> refused = new LinkedHashMap<>();
    String oneServer = "it is about one server, and the proxy hides its servers";
    for (String name :
        List.of(
            "acl",
            "bgrewriteaof",
            "bgsave",
            "config|rewrite",
            "debug",
            "failover",
            "latency",
            "lolwut",
            "module",
            "monitor",
            "pfdebug",
            "pfselftest",
            "psync",
            "replconf",
            "replicaof",
            "role",
            "save",
            "shutdown",
            "slaveof",
            "slowlog",
            "sync")) {
      refused.put(name, oneServer);
    }
    for (String name : List.of("cluster", "asking", "readonly", "readwrite")) {
      refused.put(name, "the proxy hides the topology of its servers");
    }
    refused.put("migrate", "it moves keys between servers behind the proxy's back");
    refused.put("restore-asking", "it belongs to Redis Cluster's slot migration");
    for (String name : List.of("move", "swapdb")) {
      refused.put(name, "clients of the proxy have one database, database 0");
    }
    refused.put("script|debug", "a debugging session needs a connection of its own to one server");
    refused.put("reset", "it would reset a server connection the proxy shares between clients");
    String connections =
        "it is about connections to one server, which the proxy's clients do not have";
    for (String sub : List.of("pause", "unblock", "unpause")) {
      refused.put("client|" + sub, connections);
    }
    // The help of OBJECT, MEMORY, XINFO and XGROUP is the same on every shard, which answers it.
    for (String container : List.of("client", "command")) {
      refused.put(container + "|help", "it would list what one server serves, not the proxy");
    }
    refused.put("command|getkeysandflags", "the proxy's command table has no key flags");
    for (String sub : List.of("doctor", "malloc-stats", "purge", "stats")) {
      refused.put("memory|" + sub, oneServer);
    }
    return refused;
  }

  /**
   * What a user of the proxy should know of a command or subcommand beyond how it is served, by
   * Redis' full name; the README's compatibility table shows them.
   */
  static Map<String, String> notes() {
    Map<String, String> notes = new LinkedHashMap<>();
    for (String name : List.of("eval", "eval_ro", "fcall", "fcall_ro")) {
      notes.put(name, "without keys: a shard picked at random");
    }
    for (String name : List.of("evalsha", "evalsha_ro")) {
      notes.put(
          name,
          "without keys: a shard picked at random; a script seen through the proxy is loaded"
              + " where it is missing");
    }
    for (String name : List.of("publish", "spublish")) {
      notes.put(name, "the channel is hashed like a key, where its subscribers are");
    }
    for (String name : List.of("xread", "xreadgroup")) {
      notes.put(name, "with BLOCK: on a connection of its own while it blocks");
    }
    for (String name : List.of("sort", "sort_ro")) {
      notes.put(name, "BY and GET patterns only where their keys are on the sorted key's shard");
    }
    for (String name : List.of("psubscribe", "punsubscribe")) {
      notes.put(
          name,
          "a pattern is held on every shard (one node of a Redis Cluster, every primary for one"
              + " that starts with __key): each message once");
    }
    notes.put(
        "subscribe",
        "a channel on the shard it hashes to; __keyspace@0__:<key> on the key's shard,"
            + " __keyevent@0__:<event> on every primary");
    notes.put("hello", "RESP2 and RESP3; RESP3 requests travel on connections that said HELLO 3");
    notes.put(
        "client|tracking",
        "every option; the client's requests take connections of its own to each server, with"
            + " the same tracking on, and every shard's invalidations reach it");
    notes.put("client|caching", "sent before the client's next command on each server it reaches");
    for (String sub : List.of("set", "resetstat")) {
      notes.put("config|" + sub, "the primaries");
    }
    notes.put("keys", "each shard's keys, shard after shard");
    notes.put("scan", "other cursors: the keys of one shard, then the next");
    notes.put("randomkey", "a key of any shard");
    notes.put("lastsave", "the oldest of the shards'");
    notes.put("wait", "the smallest count of replicas over the shards the client wrote to");
    notes.put("watch", "its keys on one shard, held on a connection of the client's own");
    notes.put("select", "database 0 only");
    notes.put("time", "the proxy's clock");
    notes.put("info", "the proxy's own sections, and the shards' figures summed");
    for (String sub : List.of("id", "info", "kill", "list")) {
      notes.put("client|" + sub, "the proxy's own clients");
    }
    for (String sub : List.of("count", "docs", "info", "list", "getkeys")) {
      notes.put("command|" + sub, "the proxy's command table");
    }
    notes.put("client|no-touch", "the shards still touch the keys' access time");
    for (String sub : List.of("channels", "shardchannels")) {
      notes.put("pubsub|" + sub, "the channels of every shard");
    }
    for (String sub : List.of("numsub", "shardnumsub")) {
      notes.put("pubsub|" + sub, "subscribers added up per channel");
    }
    notes.put("pubsub|help", "the first shard's answer");
    notes.put("pubsub|numpat", "the largest count of any shard: a pattern is held on every shard");
    return notes;
  }

  private void connection() {
    local("ping", -1);
    local("echo", 2);
    local("quit", -1);
    local("select", 2);
    local("command", -1);
    local("client", -2);
    local("hello", -1);
    local("info", -1);
    local("auth", -2);
  }

  private void keyspace() {
    add("del", -2, true, Handling.SPLIT_COUNT, ALL_KEYS);
    add("unlink", -2, true, Handling.SPLIT_COUNT, ALL_KEYS);
    add("exists", -2, false, Handling.SPLIT_COUNT, ALL_KEYS);
    add("touch", -2, false, Handling.SPLIT_COUNT, ALL_KEYS);
    add("dbsize", 1, false, Handling.ALL_SUM, KeySpec.NONE);
    add("flushdb", -1, true, Handling.ALL_OK, KeySpec.NONE);
    add("flushall", -1, true, Handling.ALL_OK, KeySpec.NONE);
    add("keys", 2, false, Handling.ALL_CONCAT, KeySpec.NONE);
    add("scan", -2, false, Handling.SCAN, KeySpec.NONE);
    add("randomkey", 1, false, Handling.ANY_SHARD, KeySpec.NONE);
    write("copy", -3, TWO_KEYS);
    read("dump", 2, KEY);
    write("restore", -4, KEY);
    write("rename", 3, TWO_KEYS);
    write("renamenx", 3, TWO_KEYS);
    read("type", 2, KEY);
    write("expire", -3, KEY);
    write("expireat", -3, KEY);
    write("pexpire", -3, KEY);
    write("pexpireat", -3, KEY);
    read("expiretime", 2, KEY);
    read("pexpiretime", 2, KEY);
    read("ttl", 2, KEY);
    read("pttl", 2, KEY);
    write("persist", 2, KEY);
    write("sort", -2, sortWithStore());
    read("sort_ro", -2, KEY);
    read("object", 3, forSubcommands(SUBCOMMAND_KEY, "ENCODING", "FREQ", "IDLETIME", "REFCOUNT"));
    read("memory", -3, forSubcommands(SUBCOMMAND_KEY, "USAGE"));
  }

  private void strings() {
    read("get", 2, KEY);
    write("set", -3, KEY);
    add("mget", -2, false, Handling.SPLIT_VALUES, ALL_KEYS);
    add("mset", -3, true, Handling.SPLIT_PAIRS, range(1, -1, 2));
    write("msetnx", -3, range(1, -1, 2));
    write("setnx", 3, KEY);
    write("setex", 4, KEY);
    write("psetex", 4, KEY);
    write("getset", 3, KEY);
    write("getdel", 2, KEY);
    write("getex", -2, KEY);
    write("append", 3, KEY);
    read("strlen", 2, KEY);
    read("getrange", 4, KEY);
    read("substr", 4, KEY);
    write("setrange", 4, KEY);
    write("incr", 2, KEY);
    write("incrby", 3, KEY);
    write("incrbyfloat", 3, KEY);
    write("decr", 2, KEY);
    write("decrby", 3, KEY);
    read("lcs", -3, TWO_KEYS);
  }

  private void bitmaps() {
    read("getbit", 3, KEY);
    write("setbit", 4, KEY);
    read("bitcount", -2, KEY);
    read("bitpos", -3, KEY);
    write("bitop", -4, range(2, -1, 1));
    write("bitfield", -2, KEY);
    read("bitfield_ro", -2, KEY);
  }

  /**
   * The channel of PUBLISH and SPUBLISH is hashed like a key, so publishers and subscribers meet on
   * one shard. Both count as writes: a message must reach the primary, where the subscriptions are
   * (and, with mirroring, the other region).
   */
  private void pubSub() {
    write("publish", 3, KEY);
    write("spublish", 3, KEY);
    for (Subscription subscription : Subscription.values()) {
      add(
          subscription.reply(),
          subscription.subscribes() ? -2 : -1,
          false,
          Handling.SUBSCRIBE,
          KeySpec.NONE);
    }
    add("pubsub", -2, false, Handling.PUBSUB_QUERY, KeySpec.NONE);
  }

  /** Counted as writes: EXEC runs the queued writes, and a transaction must reach the primary. */
  private void transactions() {
    for (String name : List.of("multi", "exec", "discard", "unwatch")) {
      specs.add(new CommandSpec(name, 1, true, Handling.TRANSACTION, KeySpec.NONE));
    }
    specs.add(new CommandSpec("watch", -2, true, Handling.TRANSACTION, ALL_KEYS));
  }

  /** Served on a connection of their own (Handling.BLOCKING); all pop, so all are writes. */
  private void blocking() {
    KeySpec keysThenTimeout = range(1, -2, 1);
    KeySpec timeoutThenNumkeys = counted(2, 1, 1);
    blocking("blpop", -3, keysThenTimeout);
    blocking("brpop", -3, keysThenTimeout);
    blocking("blmove", 6, TWO_KEYS);
    blocking("brpoplpush", 4, TWO_KEYS);
    blocking("blmpop", -5, timeoutThenNumkeys);
    blocking("bzpopmin", -3, keysThenTimeout);
    blocking("bzpopmax", -3, keysThenTimeout);
    blocking("bzmpop", -5, timeoutThenNumkeys);
  }

  /** WAIT: about the client's writes on every shard, so it has a handling of its own. */
  private void replication() {
    add("wait", 3, false, Handling.WAIT, KeySpec.NONE);
  }

  private void blocking(String name, int arity, KeySpec keys) {
    specs.add(new CommandSpec(name, arity, true, Handling.BLOCKING, keys));
  }

  private void lists() {
    write("lpush", -3, KEY);
    write("lpushx", -3, KEY);
    write("rpush", -3, KEY);
    write("rpushx", -3, KEY);
    write("lpop", -2, KEY);
    write("rpop", -2, KEY);
    write("lmpop", -4, NUMKEYS);
    read("llen", 2, KEY);
    read("lindex", 3, KEY);
    read("lpos", -3, KEY);
    read("lrange", 4, KEY);
    write("linsert", 5, KEY);
    write("lrem", 4, KEY);
    write("lset", 4, KEY);
    write("ltrim", 4, KEY);
    write("lmove", 5, TWO_KEYS);
    write("rpoplpush", 3, TWO_KEYS);
  }

  private void hashes() {
    write("hset", -4, KEY);
    write("hsetnx", 4, KEY);
    write("hmset", -4, KEY);
    read("hget", 3, KEY);
    read("hmget", -3, KEY);
    read("hgetall", 2, KEY);
    read("hkeys", 2, KEY);
    read("hvals", 2, KEY);
    read("hlen", 2, KEY);
    read("hstrlen", 3, KEY);
    read("hexists", 3, KEY);
    write("hdel", -3, KEY);
    write("hincrby", 4, KEY);
    write("hincrbyfloat", 4, KEY);
    read("hrandfield", -2, KEY);
    read("hscan", -3, KEY);
  }

  private void sets() {
    write("sadd", -3, KEY);
    write("srem", -3, KEY);
    write("spop", -2, KEY);
    read("srandmember", -2, KEY);
    read("scard", 2, KEY);
    read("smembers", 2, KEY);
    read("sismember", 3, KEY);
    read("smismember", -3, KEY);
    read("sscan", -3, KEY);
    write("smove", 4, TWO_KEYS);
    read("sdiff", -2, ALL_KEYS);
    read("sinter", -2, ALL_KEYS);
    read("sunion", -2, ALL_KEYS);
    write("sdiffstore", -3, ALL_KEYS);
    write("sinterstore", -3, ALL_KEYS);
    write("sunionstore", -3, ALL_KEYS);
    read("sintercard", -3, NUMKEYS);
  }

  private void sortedSets() {
    write("zadd", -4, KEY);
    write("zincrby", 4, KEY);
    write("zrem", -3, KEY);
    write("zremrangebylex", 4, KEY);
    write("zremrangebyrank", 4, KEY);
    write("zremrangebyscore", 4, KEY);
    write("zpopmin", -2, KEY);
    write("zpopmax", -2, KEY);
    write("zmpop", -4, NUMKEYS);
    read("zcard", 2, KEY);
    read("zcount", 4, KEY);
    read("zlexcount", 4, KEY);
    read("zscore", 3, KEY);
    read("zmscore", -3, KEY);
    read("zrank", -3, KEY);
    read("zrevrank", -3, KEY);
    read("zrandmember", -2, KEY);
    read("zrange", -4, KEY);
    read("zrangebylex", -4, KEY);
    read("zrangebyscore", -4, KEY);
    read("zrevrange", -4, KEY);
    read("zrevrangebylex", -4, KEY);
    read("zrevrangebyscore", -4, KEY);
    write("zrangestore", -5, TWO_KEYS);
    read("zscan", -3, KEY);
    read("zdiff", -3, NUMKEYS);
    read("zinter", -3, NUMKEYS);
    read("zunion", -3, NUMKEYS);
    read("zintercard", -3, NUMKEYS);
    write("zdiffstore", -4, DESTINATION_AND_NUMKEYS);
    write("zinterstore", -4, DESTINATION_AND_NUMKEYS);
    write("zunionstore", -4, DESTINATION_AND_NUMKEYS);
  }

  private void hyperLogLogs() {
    write("pfadd", -2, KEY);
    read("pfcount", -2, ALL_KEYS);
    write("pfmerge", -2, ALL_KEYS);
  }

  private void geo() {
    write("geoadd", -5, KEY);
    read("geodist", -4, KEY);
    read("geohash", -2, KEY);
    read("geopos", -2, KEY);
    write("georadius", -6, radiusKeys(6));
    write("georadiusbymember", -5, radiusKeys(5));
    read("georadius_ro", -6, KEY);
    read("georadiusbymember_ro", -5, KEY);
    read("geosearch", -7, KEY);
    write("geosearchstore", -8, TWO_KEYS);
  }

  private void streams() {
    write("xadd", -5, KEY);
    write("xdel", -3, KEY);
    write("xtrim", -4, KEY);
    write("xsetid", -3, KEY);
    read("xlen", 2, KEY);
    read("xrange", -4, KEY);
    read("xrevrange", -4, KEY);
    read("xread", -4, afterKeyword("STREAMS", 1, 2));
    // Like Redis, search past GROUP group consumer: a group named "streams" is no keyword.
    write("xreadgroup", -7, afterKeyword("STREAMS", 4, 2));
    write("xack", -4, KEY);
    write("xclaim", -6, KEY);
    write("xautoclaim", -6, KEY);
    read("xpending", -3, KEY);
    write(
        "xgroup",
        -4,
        forSubcommands(
            SUBCOMMAND_KEY, "CREATE", "SETID", "DESTROY", "CREATECONSUMER", "DELCONSUMER"));
    read("xinfo", -3, forSubcommands(SUBCOMMAND_KEY, "STREAM", "GROUPS", "CONSUMERS"));
  }

  private void scripting() {
    write("eval", -3, SCRIPT_KEYS);
    write("evalsha", -3, SCRIPT_KEYS);
    write("fcall", -3, SCRIPT_KEYS);
    read("eval_ro", -3, SCRIPT_KEYS);
    read("evalsha_ro", -3, SCRIPT_KEYS);
    read("fcall_ro", -3, SCRIPT_KEYS);
  }

  /**
   * SCRIPT, FUNCTION and CONFIG, served on every shard alike (see {@link Management}); LASTSAVE,
   * the oldest save of any shard; TIME, the proxy's clock.
   */
  private void management() {
    for (String name : List.of("script", "function", "config")) {
      add(name, -2, false, Handling.MANAGEMENT, KeySpec.NONE);
    }
    add("lastsave", 1, false, Handling.ALL_MIN, KeySpec.NONE);
    local("time", 1);
  }

  /** The searched key, and the destinations of STORE and STOREDIST past the radius unit. */
  private static KeySpec radiusKeys(int optionsFrom) {
    return KeySpec.all(
        KEY, afterOption("STORE", optionsFrom), afterOption("STOREDIST", optionsFrom));
  }

  private void local(String name, int arity) {
    add(name, arity, false, Handling.LOCAL, KeySpec.NONE);
  }

  private void read(String name, int arity, KeySpec keys) {
    add(name, arity, false, Handling.FORWARD, keys);
  }

  private void write(String name, int arity, KeySpec keys) {
    add(name, arity, true, Handling.FORWARD, keys);
  }

  private void add(String name, int arity, boolean write, Handling handling, KeySpec keys) {
    specs.add(new CommandSpec(name, arity, write, handling, keys));
  }
}
