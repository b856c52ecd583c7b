package io.redisproxy.proxy.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Valid command sequences from a seed: every data type, expirations, scripts, transactions, over
 * keys that share hash tags and keys that do not, now and then from a second client (a write to a
 * key the first one watches). The same seed gives the same sequence.
 *
 * <p>Commands whose replies one redis-server itself makes differently from run to run are left out,
 * as are the documented differences of the proxy (see {@link ReplyComparison}):
 *
 * <ul>
 *   <li>random picks (SPOP, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, RANDOMKEY) and wall-clock values
 *       in milliseconds (TIME, idle times, PTTL, PEXPIRETIME after a relative expiration; TTL and
 *       EXPIRETIME are compared within a second);
 *   <li>SCAN and its kind, and KEYS: the proxy walks the shards one after another, so cursors and
 *       the order of keys differ from one server's;
 *   <li>commands on several keys that do not share a hash tag (RENAME, SMOVE, ...): the proxy
 *       answers CROSSSLOT, as Redis Cluster does, so their keys always share a tag here, as do the
 *       keys of a transaction and the channels it publishes to (the proxy hashes a channel like a
 *       key);
 *   <li>FUNCTION LIST of more than one library or of a library with several functions, and FUNCTION
 *       DUMP of more than one: each server lists them in the order of its own hash tables, so the
 *       libraries here have one function each and are listed by name;
 *   <li>CONFIG SET and CONFIG GET of settings that differ from server to server (port, dir);
 *   <li>inside MULTI, commands for every shard (DBSIZE, FLUSHALL, SCRIPT, FUNCTION, CONFIG, ...),
 *       which the proxy refuses there.
 * </ul>
 */
final class CommandGenerator {
  /** Marks a command sent by a second client: its first element, dropped before sending. */
  static final String OTHER = "(other client)";

  private static final String[] TAGS = {"{a}", "{b}", "{c}", "{d}"};
  private static final String[] VALUES = {"1", "10", "-3", "7", "abc", "hello", "2.5", "x", ""};
  private static final String[] MEMBERS = {"1", "2", "3", "5", "8", "a", "b", "c", "dd"};
  private static final String[] SCORES = {"0", "1", "2", "-1", "1.5", "3", "10"};
  private static final String FAR_FUTURE = "4102444800";
  private static final String[] SCRIPTS = {
    "return redis.call('INCR', KEYS[1])",
    "return redis.call('TYPE', KEYS[1])",
    "return {KEYS[1], ARGV[1], redis.call('EXISTS', KEYS[1])}"
  };
  private static final String[] LIBRARIES = {
    "#!lua name=counters\nredis.register_function('bump', function(keys, args)"
        + " return redis.call('INCRBY', keys[1], args[1]) end)",
    "#!lua name=readers\nredis.register_function{function_name='peek', callback="
        + "function(keys, args) return redis.call('TYPE', keys[1]) end, flags={'no-writes'}}"
  };
  private static final String[] SETTINGS = {
    "maxmemory-policy", "hash-max-listpack-entries", "list-max-listpack-size", "notify-*"
  };

  private final Random random;
  private final List<Supplier<List<String>>> families = new ArrayList<>();
  // Inside MULTI every key uses this tag, so the whole transaction is for one shard.
  private String forcedTag;
  private long streamIds;
  private final List<String> groups = new ArrayList<>();

  CommandGenerator(long seed) {
    this.random = new Random(seed);
    for (int i = 0; i < 3; i++) {
      families.add(this::string);
      families.add(this::hash);
      families.add(this::list);
      families.add(this::set);
      families.add(this::sortedSet);
      families.add(this::stream);
      families.add(this::keyspace);
    }
    families.add(this::bitmap);
    families.add(this::bitmap);
    families.add(this::hyperLogLog);
    families.add(this::geo);
    families.add(this::geo);
    families.add(this::script);
    families.add(this::script);
    families.add(this::management);
    families.add(this::management);
    families.add(this::connection);
    families.add(this::mistake);
  }

  /** About {@code length} commands; a transaction counts each of its commands. */
  List<List<String>> sequence(int length) {
    List<List<String>> commands = new ArrayList<>(length + 8);
    while (commands.size() < length) {
      int pick = random.nextInt(25);
      if (pick == 0) {
        transaction(commands);
      } else if (pick == 1) {
        commands.add(other(next()));
      } else {
        commands.add(next());
      }
    }
    return commands;
  }

  private List<String> next() {
    return families.get(random.nextInt(families.size())).get();
  }

  private void transaction(List<List<String>> commands) {
    forcedTag = pick(TAGS);
    if (random.nextInt(3) == 0) {
      String watched = key("s");
      commands.add(cmd("WATCH", watched, key("h")));
      switch (random.nextInt(4)) {
        case 0 -> commands.add(next());
        case 1 -> commands.add(other(cmd("SET", watched, value())));
        case 2 -> commands.add(other(next()));
        default -> {}
      }
    }
    commands.add(cmd("MULTI"));
    int count = 1 + random.nextInt(5);
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(40)) {
        case 0, 1, 2 -> commands.add(cmd("PING"));
        case 3, 4 -> commands.add(cmd("ECHO", value()));
        case 5 -> commands.add(random.nextBoolean() ? cmd("NOSUCHCOMMAND", "x") : cmd("GET"));
        case 6 -> commands.add(random.nextBoolean() ? cmd("MULTI") : cmd("WATCH", key("s")));
        default -> commands.add(next());
      }
    }
    commands.add(random.nextInt(8) == 0 ? cmd("DISCARD") : cmd("EXEC"));
    forcedTag = null;
  }

  private List<String> string() {
    String k = key("s");
    return switch (random.nextInt(24)) {
      case 0, 1 -> cmd("SET", k, value());
      case 2 -> cmd("SET", k, value(), pick("NX", "XX", "GET", "KEEPTTL"));
      case 3 -> cmd("SET", k, value(), "EX", "1000");
      case 4, 5 -> cmd("GET", k);
      case 6 -> cmd("GETSET", k, value());
      case 7 -> cmd("GETDEL", k);
      case 8 -> random.nextBoolean() ? cmd("GETEX", k, "PERSIST") : cmd("GETEX", k, "EX", "2000");
      case 9 -> cmd("APPEND", k, value());
      case 10 -> cmd("STRLEN", k);
      case 11 -> cmd("GETRANGE", k, "0", pick("-1", "2", "-2"));
      case 12 -> cmd("SETRANGE", k, pick("0", "2", "5"), value());
      case 13 -> cmd("INCR", k);
      case 14 -> cmd("INCRBY", k, pick("5", "-2", "100"));
      case 15 -> cmd("DECR", k);
      case 16 -> cmd("DECRBY", k, "3");
      case 17 -> cmd("INCRBYFLOAT", k, pick("1.5", "-0.25", "3"));
      case 18 -> cmd("SETNX", k, value());
      case 19 -> cmd("SETEX", k, "1000", value());
      case 20 -> cmd("MSET", key("s"), value(), key("s"), value(), key("s"), "v");
      case 21 -> cmd("MGET", key("s"), key("s"), key("h"), key("s"));
      case 22 -> {
        String tag = tag();
        yield cmd("MSETNX", tagged(tag, "s"), value(), tagged(tag, "s"), value());
      }
      default -> {
        String tag = tag();
        yield cmd("LCS", tagged(tag, "s"), tagged(tag, "s"));
      }
    };
  }

  private List<String> bitmap() {
    String k = key("bits");
    return switch (random.nextInt(9)) {
      case 0, 1 -> cmd("SETBIT", k, String.valueOf(random.nextInt(40)), pick("0", "1"));
      case 2 -> cmd("GETBIT", k, String.valueOf(random.nextInt(40)));
      case 3 -> random.nextBoolean() ? cmd("BITCOUNT", k) : cmd("BITCOUNT", k, "0", "-1");
      case 4 -> cmd("BITPOS", k, pick("0", "1"));
      case 5 -> {
        String tag = tag();
        yield cmd(
            "BITOP",
            pick("AND", "OR", "XOR"),
            tagged(tag, "bits"),
            tagged(tag, "bits"),
            tagged(tag, "bits"));
      }
      case 6 -> {
        String tag = tag();
        yield cmd("BITOP", "NOT", tagged(tag, "bits"), tagged(tag, "bits"));
      }
      case 7 -> cmd("BITFIELD", k, "INCRBY", "u8", "0", "5", "GET", "u4", "4");
      default -> cmd("BITFIELD_RO", k, "GET", "u8", "0");
    };
  }

  private List<String> hyperLogLog() {
    String tag = tag();
    return switch (random.nextInt(4)) {
      case 0, 1 -> cmd("PFADD", tagged(tag, "hll"), pick(MEMBERS), pick(MEMBERS), value());
      case 2 -> cmd("PFCOUNT", tagged(tag, "hll"), tagged(tag, "hll"));
      default -> cmd("PFMERGE", tagged(tag, "hll"), tagged(tag, "hll"), tagged(tag, "hll"));
    };
  }

  private List<String> hash() {
    String k = key("h");
    String field = pick(MEMBERS);
    return switch (random.nextInt(16)) {
      case 0, 1, 2 -> cmd("HSET", k, field, pick(VALUES), pick(MEMBERS), pick(VALUES));
      case 3 -> cmd("HSETNX", k, field, pick(VALUES));
      case 4 -> cmd("HGET", k, field);
      case 5 -> cmd("HMGET", k, field, pick(MEMBERS));
      case 6 -> cmd("HGETALL", k);
      case 7 -> cmd(pick("HKEYS", "HVALS", "HLEN"), k);
      case 8 -> cmd("HSTRLEN", k, field);
      case 9 -> cmd("HEXISTS", k, field);
      case 10 -> cmd("HDEL", k, field, pick(MEMBERS));
      case 11 -> cmd("HINCRBY", k, field, pick("1", "-4"));
      case 12 -> cmd("HINCRBYFLOAT", k, field, "0.5");
      case 13 -> cmd("HMSET", k, field, pick(VALUES));
      default -> cmd("HGETALL", k);
    };
  }

  private List<String> list() {
    String k = key("l");
    return switch (random.nextInt(21)) {
      case 0, 1, 2 -> cmd(pick("LPUSH", "RPUSH"), k, value(), value());
      case 3 -> cmd(pick("LPUSHX", "RPUSHX"), k, value());
      case 4 -> random.nextBoolean() ? cmd(pick("LPOP", "RPOP"), k) : cmd("LPOP", k, "2");
      case 5 -> cmd("LLEN", k);
      case 6 -> cmd("LINDEX", k, pick("0", "-1", "2"));
      case 7 -> cmd("LPOS", k, value());
      case 8, 9 -> cmd("LRANGE", k, "0", pick("-1", "2"));
      case 10 -> cmd("LINSERT", k, pick("BEFORE", "AFTER"), value(), value());
      case 11 -> cmd("LREM", k, pick("0", "1", "-1"), value());
      case 12 -> cmd("LSET", k, pick("0", "-1"), value());
      case 13 -> cmd("LTRIM", k, "0", pick("3", "-2"));
      case 14 -> {
        String tag = tag();
        yield cmd(
            "LMOVE",
            tagged(tag, "l"),
            tagged(tag, "l"),
            pick("LEFT", "RIGHT"),
            pick("LEFT", "RIGHT"));
      }
      case 15 -> {
        String tag = tag();
        yield cmd("RPOPLPUSH", tagged(tag, "l"), tagged(tag, "l"));
      }
      case 16 -> {
        String tag = tag();
        yield cmd("LMPOP", "2", tagged(tag, "l"), tagged(tag, "l"), pick("LEFT", "RIGHT"));
      }
      case 17 -> {
        String tag = tag();
        yield cmd(pick("BLPOP", "BRPOP"), tagged(tag, "l"), tagged(tag, "l"), "0.01");
      }
      case 18 -> cmd("SORT", k, "ALPHA", "LIMIT", "0", "3");
      case 19 -> sortByPatterns("l");
      default -> cmd("LRANGE", k, "0", "-1");
    };
  }

  private List<String> set() {
    String k = key("set");
    return switch (random.nextInt(15)) {
      case 0, 1, 2 -> cmd("SADD", k, pick(MEMBERS), pick(MEMBERS));
      case 3 -> cmd("SREM", k, pick(MEMBERS));
      case 4 -> cmd("SCARD", k);
      case 5 -> cmd("SMEMBERS", k);
      case 6 -> cmd("SISMEMBER", k, pick(MEMBERS));
      case 7 -> cmd("SMISMEMBER", k, pick(MEMBERS), pick(MEMBERS));
      case 8 -> {
        String tag = tag();
        yield cmd("SMOVE", tagged(tag, "set"), tagged(tag, "set"), pick(MEMBERS));
      }
      case 9 -> {
        String tag = tag();
        yield cmd(pick("SDIFF", "SINTER", "SUNION"), tagged(tag, "set"), tagged(tag, "set"));
      }
      case 10 -> {
        String tag = tag();
        yield cmd(
            pick("SDIFFSTORE", "SINTERSTORE", "SUNIONSTORE"),
            tagged(tag, "set"),
            tagged(tag, "set"),
            tagged(tag, "set"));
      }
      case 11 -> {
        String tag = tag();
        yield cmd("SINTERCARD", "2", tagged(tag, "set"), tagged(tag, "set"));
      }
      case 12 -> cmd("SORT", k, "LIMIT", "0", "4", "ALPHA", "DESC");
      case 13 -> sortByPatterns("set");
      default -> cmd("SMEMBERS", k);
    };
  }

  private List<String> sortedSet() {
    String k = key("z");
    return switch (random.nextInt(24)) {
      case 0, 1, 2 -> cmd("ZADD", k, pick(SCORES), pick(MEMBERS), pick(SCORES), pick(MEMBERS));
      case 3 -> cmd("ZADD", k, pick("NX", "XX", "GT", "LT", "CH"), pick(SCORES), pick(MEMBERS));
      case 4 -> cmd("ZADD", k, "INCR", pick(SCORES), pick(MEMBERS));
      case 5 -> cmd("ZINCRBY", k, pick(SCORES), pick(MEMBERS));
      case 6 -> cmd("ZREM", k, pick(MEMBERS));
      case 7 -> cmd("ZCARD", k);
      case 8 -> cmd("ZCOUNT", k, pick("-inf", "0", "(1"), pick("+inf", "2", "(5"));
      case 9 -> cmd("ZSCORE", k, pick(MEMBERS));
      case 10 -> cmd("ZMSCORE", k, pick(MEMBERS), pick(MEMBERS));
      case 11 -> cmd(pick("ZRANK", "ZREVRANK"), k, pick(MEMBERS));
      case 12 -> cmd("ZRANGE", k, "0", "-1", "WITHSCORES");
      case 13 -> cmd("ZRANGE", k, pick("(1", "-inf", "0"), pick("5", "+inf"), "BYSCORE");
      case 14 -> cmd(pick("ZRANGEBYLEX", "ZLEXCOUNT"), k, "-", "+");
      case 15 -> cmd("ZREVRANGE", k, "0", "2", "WITHSCORES");
      case 16 -> cmd("ZRANGEBYSCORE", k, "-inf", "+inf", "LIMIT", "1", "2");
      case 17 -> cmd(pick("ZREMRANGEBYRANK", "ZREMRANGEBYSCORE"), k, "0", "1");
      case 18 -> cmd(pick("ZPOPMIN", "ZPOPMAX"), k, pick("1", "2"));
      case 19 -> {
        String tag = tag();
        yield cmd("ZMPOP", "2", tagged(tag, "z"), tagged(tag, "z"), pick("MIN", "MAX"));
      }
      case 20 -> {
        String tag = tag();
        yield cmd(
            pick("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"),
            tagged(tag, "z"),
            "2",
            tagged(tag, "z"),
            tagged(tag, "z"));
      }
      case 21 -> {
        String tag = tag();
        yield cmd(
            pick("ZUNION", "ZINTER", "ZDIFF"),
            "2",
            tagged(tag, "z"),
            tagged(tag, "z"),
            "WITHSCORES");
      }
      case 22 -> {
        String tag = tag();
        yield cmd("ZINTERCARD", "2", tagged(tag, "z"), tagged(tag, "z"));
      }
      default -> {
        String tag = tag();
        yield cmd("ZRANGESTORE", tagged(tag, "z"), tagged(tag, "z"), "0", "-1");
      }
    };
  }

  private List<String> stream() {
    // Few streams and groups, so that groups exist where they are read.
    String k = forcedTag != null ? forcedTag + ":x" : pick("x", "{a}:x");
    String group = pick("g1", "g2");
    String consumer = pick("c1", "c2");
    if (random.nextInt(5) > 0 && !groups.isEmpty()) {
      // Mostly a group created before, so that reads find one.
      String[] created = groups.get(random.nextInt(groups.size())).split(" ");
      if (forcedTag == null || created[0].startsWith(forcedTag)) {
        k = created[0];
        group = created[1];
      }
    }
    return switch (random.nextInt(22)) {
      case 0, 1, 2, 3 -> cmd("XADD", k, streamId(), "f", value());
      case 4 -> cmd("XADD", k, "MAXLEN", "5", streamId(), "f", value(), "g", "1");
      case 5 -> cmd("XADD", k, "NOMKSTREAM", streamId(), "f", "v");
      case 6 -> cmd("XLEN", k);
      case 7 -> cmd("XRANGE", k, "-", "+", "COUNT", pick("2", "10"));
      case 8 -> cmd("XREVRANGE", k, "+", "-");
      case 9 -> cmd("XDEL", k, pastId());
      case 10 -> cmd("XTRIM", k, "MAXLEN", pick("0", "3"));
      case 11 -> cmd("XREAD", "COUNT", "2", "STREAMS", k, pick("0-0", pastId()));
      case 12, 13 -> {
        groups.add(k + " " + group);
        yield cmd("XGROUP", "CREATE", k, group, pick("0", "$"), "MKSTREAM");
      }
      case 14 ->
          cmd("XGROUP", pick("CREATECONSUMER", "DELCONSUMER", "DELCONSUMER"), k, group, consumer);
      case 15 -> cmd("XGROUP", "SETID", k, group, pick("0", "$"));
      case 16, 17 -> cmd("XREADGROUP", "GROUP", group, consumer, "COUNT", "2", "STREAMS", k, ">");
      case 18 -> cmd("XACK", k, group, pastId(), pastId());
      case 19 -> cmd("XPENDING", k, group);
      case 20 -> cmd("XAUTOCLAIM", k, group, consumer, "0", "0-0", "COUNT", "2");
      default -> cmd("XINFO", pick("GROUPS", "STREAM"), k);
    };
  }

  private List<String> geo() {
    String k = key("geo");
    return switch (random.nextInt(7)) {
      case 0, 1 ->
          cmd(
              "GEOADD",
              k,
              pick("13.361389", "15.087269", "2.3522", "-0.1276"),
              pick("38.115556", "37.502669", "48.8566", "51.5072"),
              pick(MEMBERS));
      case 2 -> cmd("GEODIST", k, pick(MEMBERS), pick(MEMBERS), pick("m", "km"));
      case 3 -> cmd("GEOPOS", k, pick(MEMBERS), pick(MEMBERS));
      case 4 -> cmd("GEOHASH", k, pick(MEMBERS));
      case 5 ->
          cmd(
              "GEOSEARCH",
              k,
              "FROMLONLAT",
              "15",
              "37",
              "BYRADIUS",
              "2000",
              "km",
              "ASC",
              "WITHDIST");
      default -> {
        String tag = tag();
        yield cmd(
            "GEOSEARCHSTORE",
            tagged(tag, "geo"),
            tagged(tag, "geo"),
            "FROMLONLAT",
            "15",
            "37",
            "BYRADIUS",
            "3000",
            "km");
      }
    };
  }

  private List<String> keyspace() {
    String k = anyKey();
    return switch (random.nextInt(22)) {
      case 0, 1 -> cmd("DEL", anyKey(), anyKey());
      case 2 -> cmd("UNLINK", anyKey());
      case 3 -> cmd("EXISTS", anyKey(), anyKey(), k, k);
      case 4 -> cmd("TOUCH", anyKey(), anyKey());
      case 5, 6 -> cmd("TYPE", k);
      case 7 -> {
        String tag = tag();
        String family = pick("s", "h", "l", "set", "z", "x");
        yield cmd(pick("RENAME", "RENAMENX"), tagged(tag, family), tagged(tag, family));
      }
      case 8 -> {
        String tag = tag();
        String family = pick("s", "h", "l", "set", "z");
        yield random.nextBoolean()
            ? cmd("COPY", tagged(tag, family), tagged(tag, family))
            : cmd("COPY", tagged(tag, family), tagged(tag, family), "REPLACE");
      }
      case 9 -> cmd("EXPIRE", k, "1000");
      case 10 -> cmd("EXPIRE", k, pick("500", "2000"), pick("NX", "XX", "GT", "LT"));
      case 11 -> cmd("PEXPIRE", k, "1000000");
      case 12 -> cmd(pick("EXPIREAT", "PEXPIREAT"), k, FAR_FUTURE);
      case 13 -> cmd("EXPIRETIME", k);
      case 14 -> cmd("PERSIST", k);
      case 15, 16 -> cmd("TTL", k);
      case 17 -> cmd("EXPIRE", k, "0");
      case 18 -> forcedTag == null ? cmd("DBSIZE") : cmd("TYPE", k);
      case 19 -> cmd("OBJECT", "ENCODING", k);
      case 20 -> forcedTag == null && random.nextInt(20) == 0 ? cmd("FLUSHALL") : cmd("TYPE", k);
      default -> cmd("SORT_RO", key("l"), "ALPHA");
    };
  }

  private List<String> script() {
    String tag = tag();
    String k = tagged(tag, pick("s", "l", "h"));
    return switch (random.nextInt(8)) {
      case 0 -> cmd("EVAL", "return redis.call('INCR', KEYS[1])", "1", tagged(tag, "s"));
      case 1 -> cmd("EVAL", "return {KEYS[1], ARGV[1], 3, {4, 'x'}, false}", "1", k, "arg");
      case 2 -> cmd("EVAL", "return redis.call('LRANGE', KEYS[1], 0, -1)", "1", tagged(tag, "l"));
      case 3 ->
          cmd(
              "EVAL",
              "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('MGET', KEYS[1], KEYS[2])",
              "2",
              tagged(tag, "s"),
              tagged(tag, "s"),
              value());
      case 4 -> cmd("EVAL", "return redis.error_reply('boom')", "1", k);
      case 5 -> cmd("EVAL", "return redis.status_reply('fine')", "1", k);
      case 6 -> cmd("EVAL_RO", "return redis.call('TYPE', KEYS[1])", "1", k);
      default -> cmd("EVAL", "return redis.call('HGETALL', KEYS[1])", "1", tagged(tag, "h"));
    };
  }

  /**
   * Scripts and functions loaded, called and listed, and settings read: on one server and on every
   * shard alike. Inside MULTI only calls, which go to the transaction's shard.
   */
  private List<String> management() {
    String k = key(pick("s", "l", "h"));
    int pick = forcedTag != null ? random.nextInt(5) : random.nextInt(17);
    return switch (pick) {
      case 0, 1 -> cmd("EVALSHA", sha1(pick(SCRIPTS)), "1", key("s"), value());
      case 2 -> cmd("EVALSHA_RO", sha1(SCRIPTS[1]), "1", k);
      case 3 -> cmd("FCALL", "bump", "1", key("s"), pick("1", "5"));
      case 4 -> cmd("FCALL_RO", "peek", "1", k);
      case 5, 6 -> cmd("SCRIPT", "LOAD", pick(SCRIPTS));
      case 7 -> cmd("SCRIPT", "EXISTS", sha1(pick(SCRIPTS)), sha1(pick(SCRIPTS)));
      case 8 -> cmd("FUNCTION", "LOAD", "REPLACE", pick(LIBRARIES));
      case 9 -> cmd("FUNCTION", "LOAD", pick(LIBRARIES));
      case 10 -> cmd("FUNCTION", "DELETE", pick("counters", "readers"));
      case 11 ->
          random.nextBoolean()
              ? cmd("FUNCTION", "LIST", "LIBRARYNAME", pick("counters", "readers"))
              : cmd("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", pick("counters", "readers"));
      case 12 -> cmd("FUNCTION", "STATS");
      case 13 -> cmd("CONFIG", "GET", pick(SETTINGS));
      case 14 -> cmd("EVALSHA", sha1(SCRIPTS[2]), "0", value());
      case 15 -> random.nextInt(4) == 0 ? cmd("SCRIPT", "FLUSH") : cmd("SCRIPT", "KILL");
      default -> cmd("FCALL", pick("bump", "nosuch"), "0", "1");
    };
  }

  private static String sha1(String script) {
    return ScriptingIT.sha1(script);
  }

  private List<String> connection() {
    return switch (random.nextInt(7)) {
      case 6 ->
          cmd(
              pick("PUBLISH", "SPUBLISH"),
              forcedTag != null ? forcedTag + ":news" : pick("news", "{a}:news"),
              value());
      case 0 -> cmd("PING");
      case 1 -> cmd("PING", value());
      case 2 -> cmd("ECHO", value());
      case 3 -> cmd("SELECT", "0");
      case 4 -> cmd("CLIENT", "SETNAME", pick("app", "worker"));
      default -> cmd("CLIENT", "GETNAME");
    };
  }

  static boolean isOther(List<String> command) {
    return command.get(0).equals(OTHER);
  }

  /** The command as it is sent, without the mark of the client that sends it. */
  static List<String> withoutClient(List<String> command) {
    return isOther(command) ? command.subList(1, command.size()) : command;
  }

  private static List<String> other(List<String> command) {
    List<String> marked = new ArrayList<>(command.size() + 1);
    marked.add(OTHER);
    marked.addAll(command);
    return List.copyOf(marked);
  }

  /** Requests Redis refuses: their errors must be Redis' own. */
  private List<String> mistake() {
    String k = key(pick("s", "l", "z", "x"));
    String tag = tag();
    return switch (random.nextInt(30)) {
      case 0 -> cmd(pick("GET", "DEL", "EXISTS", "MGET", "INCR", "TTL", "EVAL", "XLEN"));
      case 1 -> cmd(pick("SET", "HSET", "LPUSH", "ZADD", "XADD", "EXPIRE", "GEOADD", "SMOVE"), k);
      case 2 -> cmd("NOSUCH", k, value());
      case 3 -> cmd("MSET", key("s"), "1", key("s"));
      case 4 -> cmd("MSETNX", tagged(tag, "s"), "1", tagged(tag, "s"));
      case 5 -> cmd("SET", k, "v", "EX", pick("abc", "0", "-5"));
      case 6 -> cmd("SET", k, "v", "NX", "XX");
      case 7 -> cmd("ZADD", k, "NX", "XX", "1", "m");
      case 8 -> cmd("GETEX", k, "EX", "0");
      case 9 -> cmd("EXPIRE", k, "10", "NX", "XX");
      case 10 -> cmd("EVAL", "return 1", pick("2", "5"), k);
      case 11 -> cmd("EVAL", "return 1", pick("-1", "x"), k);
      case 12 -> cmd("XREAD", "STREAMS", tagged(tag, "x"), tagged(tag, "x"), "0");
      case 13 -> cmd("XREAD", "COUNT", "1", tagged(tag, "x"), "0");
      case 14 -> cmd("LMPOP", pick("0", "3", "x"), tagged(tag, "l"), "LEFT");
      case 15 -> cmd("SINTERCARD", pick("0", "3"), tagged(tag, "set"), tagged(tag, "set"));
      case 16 -> cmd("ZUNIONSTORE", tagged(tag, "z"), pick("0", "3"), tagged(tag, "z"));
      case 17 -> cmd("OBJECT", "ENCODING");
      case 18 -> cmd("XGROUP", "CREATE", k);
      case 19 -> cmd("CLIENT", pick("SETNAME", "NOSUCH"));
      case 20 -> cmd("BLPOP", tagged(tag, "l"), pick("abc", "-1"));
      case 21 -> cmd("ZRANGE", k, "0", "-1", "BYLEX");
      case 22 -> cmd("INCRBY", k, "1.5");
      case 23 -> cmd("XADD", k, "MAXLEN", "x", "1-1", "f", "v");
      case 24 -> cmd("ZINTER", pick("0", "3"), tagged(tag, "z"));
      case 25 -> cmd("BITOP", "NOT", tagged(tag, "bits"), tagged(tag, "bits"), tagged(tag, "bits"));
      case 26 -> cmd("LPOS", k, "v", "RANK", "0");
      case 27 -> cmd("GEOSEARCH", k, "FROMLONLAT", "15", "37", "BYRADIUS", "-1", "km");
      case 28 -> cmd("XREADGROUP", "GROUP", "g1", "c1", "STREAMS", tagged(tag, "x"));
      default -> cmd("ZMPOP", pick("0", "-1"), tagged(tag, "z"), "MIN");
    };
  }

  /** Increasing IDs: an XADD with an ID at or below the stream's top errs alike on both sides. */
  private String streamId() {
    streamIds += 1 + random.nextInt(3);
    return random.nextInt(10) == 0 ? (streamIds - 5) + "-0" : streamIds + "-" + random.nextInt(2);
  }

  private String pastId() {
    return Math.max(0, streamIds - random.nextInt(6)) + "-0";
  }

  /**
   * A key of {@code family}: half of them with a shared hash tag, half without, and now and then
   * one whose braces make no tag or another one, or that is not ASCII.
   */
  /**
   * SORT or SORT_RO of a {@code family} key by and getting strings and hash fields of its tag, the
   * patterns the proxy serves over several shards.
   */
  private List<String> sortByPatterns(String family) {
    String tag = tag();
    List<String> command = new ArrayList<>(List.of(pick("SORT", "SORT_RO"), tagged(tag, family)));
    boolean by = random.nextBoolean();
    if (by) {
      command.addAll(List.of("BY", sortPattern(tag)));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      command.addAll(List.of("GET", random.nextInt(3) == 0 ? "#" : sortPattern(tag)));
    }
    // ALPHA BY leaves elements of equal (or missing) weights in the order they came, for a set
    // the order of its hash table, which each server's random seed decides; numeric ties are
    // broken by the element.
    if (random.nextBoolean() && !(by && family.equals("set"))) {
      command.add("ALPHA");
    }
    if (random.nextBoolean()) {
      command.addAll(List.of("LIMIT", pick("0", "1"), pick("2", "5")));
    }
    if (random.nextInt(3) == 0) {
      command.add("DESC");
    }
    return command;
  }

  /** A string key of {@code tag} per element, or a field of a hash of {@code tag}. */
  private String sortPattern(String tag) {
    return random.nextBoolean() ? tag + ":s*" : tag + ":h*->" + pick(MEMBERS);
  }

  private String key(String family) {
    if (forcedTag != null || random.nextBoolean()) {
      return tagged(tag(), family);
    }
    if (random.nextInt(20) == 0) {
      return pick("{}", "{", "}", "é", "a{") + family + pick("", "}", "}b");
    }
    return family + random.nextInt(3);
  }

  private String anyKey() {
    return key(pick("s", "h", "l", "set", "z", "x", "geo", "bits"));
  }

  private String tag() {
    return forcedTag != null ? forcedTag : pick(TAGS);
  }

  private String tagged(String tag, String family) {
    return tag + ":" + family + random.nextInt(3);
  }

  /**
   * Mostly a short value; now and then one larger than a socket read (not in hashes, where it would
   * make the hash a hash table, whose order differs from server to server).
   */
  private String value() {
    return random.nextInt(150) == 0 ? "v".repeat(100_000) : pick(VALUES);
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private static List<String> cmd(String... args) {
    return List.of(args);
  }
}
