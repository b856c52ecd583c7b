package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.testkit.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONFIG, TIME, LASTSAVE, INFO and CLIENT through the proxy over three shards beside one
 * redis-server: the same replies where the proxy answers as one server, the same shape and merged
 * figures where the values are each server's own.
 */
class ServerCommandsIT {
  private static SideBySide sides;
  private static List<String> keys;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
    keys = ScriptingIT.keysOnEveryShard(sides);
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  @BeforeEach
  void flush() {
    sides.flush();
  }

  @Test
  void configGetAndSetAsOneServer() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("CONFIG", "GET", "maxmemory-policy"));
      pair.assertSame(List.of("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"));
      pair.assertSame(List.of("CONFIG", "GET", "maxmemory-policy"));
      for (RedisServer shard : sides.proxy().redis()) {
        assertThat(shard.command("CONFIG", "GET", "maxmemory-policy"))
            .isEqualTo(List.of("maxmemory-policy", "allkeys-lru"));
      }
      pair.assertSame(List.of("CONFIG", "SET", "maxmemory-policy", "sometimes"));
      pair.assertSame(List.of("CONFIG", "SET", "no-such-setting", "1"));
      pair.assertSame(List.of("CONFIG", "SET", "maxmemory-policy"));
      pair.assertSame(List.of("CONFIG", "GET", "no-such-setting"));
      pair.assertSame(List.of("CONFIG", "GET"));
      pair.assertSame(List.of("CONFIG", "RESETSTAT"));
      pair.assertSame(List.of("CONFIG", "RESETSTAT", "now"));
      pair.assertSame(List.of("CONFIG", "HELP"));
      pair.assertSame(List.of("CONFIG", "NOPE"));
      pair.assertSame(List.of("CONFIG", "SET", "maxmemory-policy", "noeviction"));
    }
  }

  /** WAIT's numbers as Redis reads them: "01" is no number, so it must not wait for ever. */
  @Test
  void waitArgumentsAreReadAsByRedis() {
    try (SideBySide.Pair pair = sides.connect()) {
      for (String request :
          List.of(
              "WAIT 0 0",
              "WAIT 1 10",
              "WAIT -1 0",
              "WAIT 0 -1",
              "WAIT 0 abc",
              "WAIT 0 1.5",
              "WAIT 0 -0",
              "WAIT 0 99999999999999999999",
              "WAIT 0 9223372036854775807",
              "WAIT 99999999999999999999 0",
              "WAIT -0 0",
              "WAIT +1 0",
              "WAIT 01 0",
              "WAIT abc abc")) {
        pair.assertSame(List.of(request.split(" ")));
      }
    }
  }

  @Test
  void timeAndLastsaveHaveRedisShape() {
    try (SideBySide.Pair pair = sides.connect()) {
      String[] time = pair.replies(List.of("TIME"));
      assertThat(time[0]).matches("\\*2\r\n\\$10\r\n\\d{10}\r\n\\$\\d\r\n\\d{1,6}\r\n");
      assertThat(Math.abs(seconds(time[0]) - seconds(time[1]))).isLessThanOrEqualTo(2);
      long oldest = Long.MAX_VALUE;
      for (RedisServer shard : sides.proxy().redis()) {
        oldest = Math.min(oldest, (Long) shard.command("LASTSAVE"));
      }
      assertThat(pair.replies(List.of("LASTSAVE"))[0]).isEqualTo(":" + oldest + "\r\n");
      pair.assertSame(List.of("TIME", "now"));
      pair.assertSame(List.of("LASTSAVE", "now"));
    }
  }

  @Test
  void infoKeyspaceAndCommandstatsAreSummedOverTheShards() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("CONFIG", "RESETSTAT"));
      for (String key : keys) {
        pair.assertSame(List.of("SET", key, "v"));
        pair.assertSame(List.of("SET", key + ":ttl", "v", "EX", "1000"));
        pair.assertSame(List.of("GET", key));
      }
      String[] keyspace = pair.replies(List.of("INFO", "keyspace"));
      assertThat(field(keyspace[0], "db0").replaceAll(",avg_ttl=\\d+", ""))
          .isEqualTo(field(keyspace[1], "db0").replaceAll(",avg_ttl=\\d+", ""))
          .isEqualTo("keys=6,expires=3");
      String[] commands = pair.replies(List.of("INFO", "commandstats"));
      for (String command : List.of("cmdstat_set", "cmdstat_get")) {
        assertThat(field(commands[0], command).replaceAll(",usec.*?,rejected", ",rejected"))
            .isEqualTo(field(commands[1], command).replaceAll(",usec.*?,rejected", ",rejected"));
      }
      assertThat(field(commands[0], "cmdstat_set")).startsWith("calls=6,");
    }
  }

  @Test
  void infoHasRedisSectionsWithRedisFields() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(List.of("SET", keys.get(0), "v"));
      for (String section : List.of("memory", "stats")) {
        String[] both = pair.replies(List.of("INFO", section));
        assertThat(fields(both[0]).keySet()).isEqualTo(fields(both[1]).keySet());
      }
      String[] memory = pair.replies(List.of("INFO", "memory"));
      long used = 0;
      for (RedisServer shard : sides.proxy().redis()) {
        used += Long.parseLong(shard.info("memory").get("used_memory"));
      }
      assertThat(Long.parseLong(fields(memory[0]).get("used_memory")))
          .isBetween(used - 1024 * 1024, used + 1024 * 1024);
      assertThat(fields(pair.replies(List.of("INFO", "replication"))[0]))
          .containsEntry("role", "master")
          .containsEntry("connected_slaves", "0");
      assertThat(fields(pair.replies(List.of("INFO", "server"))[0]))
          .containsKeys("redis_version", "tcp_port", "uptime_in_seconds");
      assertThat(fields(pair.replies(List.of("INFO", "clients"))[0]))
          .containsKeys("connected_clients", "maxclients");
      pair.assertSame(List.of("INFO", "nosuchsection"));
      assertThat(titles(pair.replies(List.of("INFO"))[0]))
          .containsExactly(
              "Server", "Clients", "Memory", "Stats", "Replication", "Keyspace", "Proxy");
      assertThat(titles(pair.replies(List.of("INFO", "default"))[0]))
          .isEqualTo(titles(pair.replies(List.of("INFO"))[0]));
      List<String> everything =
          List.of(
              "Server",
              "Clients",
              "Memory",
              "Stats",
              "Replication",
              "Commandstats",
              "Keyspace",
              "Proxy");
      assertThat(titles(pair.replies(List.of("INFO", "all"))[0])).isEqualTo(everything);
      assertThat(titles(pair.replies(List.of("INFO", "everything"))[0])).isEqualTo(everything);
      assertThat(titles(pair.replies(List.of("INFO", "keyspace", "CLIENTS"))[0]))
          .containsExactly("Clients", "Keyspace");
      String[] both = pair.replies(List.of("INFO", "keyspace", "clients"));
      assertThat(titles(both[0])).isEqualTo(titles(both[1]));
    }
  }

  @Test
  void clientListInfoAndKillSeeTheProxysClients() {
    try (SideBySide.Pair pair = sides.connect();
        SideBySide.Pair other = sides.connect()) {
      pair.assertSame(List.of("CLIENT", "SETNAME", "first"));
      String info = payload(pair.replies(List.of("CLIENT", "INFO"))[0]);
      String directInfo = payload(pair.replies(List.of("CLIENT", "INFO"))[1]);
      assertThat(info).endsWith("\n").contains(" name=first ", " db=0 ", " user=default ");
      // Redis 7.2 adds lib-name and lib-ver, which the proxy serves (CLIENT SETINFO).
      List<String> redis72 = new ArrayList<>(names(directInfo));
      redis72.addAll(List.of("lib-name", "lib-ver"));
      assertThat(names(info)).isSubsetOf(redis72);
      String list = payload(pair.replies(List.of("CLIENT", "LIST"))[0]);
      assertThat(list.split("\n")).hasSize(2);
      assertThat(list).contains(" name=first ");
      String otherId = field(other.replies(List.of("CLIENT", "INFO"))[0], "id");
      assertThat(payload(pair.replies(List.of("CLIENT", "LIST", "ID", otherId))[0]))
          .startsWith("id=" + otherId + " ");
      pair.assertSame(List.of("CLIENT", "LIST", "TYPE", "pubsub"));
      pair.assertSame(List.of("CLIENT", "LIST", "TYPE", "sometimes"));
      pair.assertSame(List.of("CLIENT", "LIST", "ID", "x"));
      pair.assertSame(List.of("CLIENT", "LIST", "nope"));
      pair.assertSame(List.of("CLIENT", "KILL", "1.2.3.4:5"));
      pair.assertSame(List.of("CLIENT", "KILL", "ID", "x"));
      pair.assertSame(List.of("CLIENT", "KILL", "ID", "99999"));
      pair.assertSame(List.of("CLIENT", "KILL", "TYPE", "sometimes"));
      pair.assertSame(List.of("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME"));
      pair.assertSame(List.of("CLIENT", "KILL", "BOGUS", "1"));
      pair.assertSame(List.of("CLIENT", "NO-EVICT", "on"));
      pair.assertSame(List.of("CLIENT", "NO-EVICT", "maybe"));
      String directOtherId = field(other.replies(List.of("CLIENT", "INFO"))[1], "id");
      assertThat(pair.viaProxy().command(List.of("CLIENT", "KILL", "ID", otherId)))
          .asString()
          .isEqualTo(":1\r\n");
      assertThat(pair.direct().command(List.of("CLIENT", "KILL", "ID", directOtherId)))
          .asString()
          .isEqualTo(":1\r\n");
      assertThat(other.viaProxy().closedByPeer()).isTrue();
      assertThat(payload(pair.replies(List.of("CLIENT", "LIST"))[0]).split("\n")).hasSize(1);
    }
  }

  @Test
  void clientReplyOffAndSkipDropRepliesAsRedisDoes() {
    List<List<String>> pipeline =
        List.of(
            List.of("CLIENT", "REPLY", "SKIP"),
            List.of("SET", keys.get(0), "1"),
            List.of("GET", keys.get(0)),
            List.of("CLIENT", "REPLY", "OFF"),
            List.of("SET", keys.get(1), "2"),
            List.of("CLIENT", "REPLY", "SKIP"),
            List.of("GET", keys.get(1)),
            List.of("CLIENT", "REPLY", "ON"),
            List.of("GET", keys.get(1)),
            List.of("CLIENT", "REPLY", "maybe"));
    try (SideBySide.Pair pair = sides.connect()) {
      List<String> viaProxy = new ArrayList<>();
      List<String> direct = new ArrayList<>();
      pair.viaProxy().sendAll(pipeline);
      pair.direct().sendAll(pipeline);
      for (int i = 0; i < 4; i++) {
        viaProxy.add(SideBySide.text(pair.viaProxy().readReply()));
        direct.add(SideBySide.text(pair.direct().readReply()));
      }
      assertThat(viaProxy).isEqualTo(direct);
      pair.assertSame(List.of("PING"));
    }
  }

  private static long seconds(String time) {
    return Long.parseLong(time.split("\r\n")[2]);
  }

  /** The value of {@code name} in INFO text or a CLIENT INFO line. */
  private static String field(String text, String name) {
    for (String part : text.split("[\r\n ]")) {
      if (part.startsWith(name + ":")) {
        return part.substring(name.length() + 1);
      }
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " is not in " + text);
  }

  private static Map<String, String> fields(String info) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : payload(info).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return fields;
  }

  private static List<String> titles(String info) {
    List<String> titles = new ArrayList<>();
    for (String line : payload(info).split("\r\n")) {
      if (line.startsWith("# ")) {
        titles.add(line.substring(2));
      }
    }
    return titles;
  }

  private static List<String> names(String clientLine) {
    List<String> names = new ArrayList<>();
    for (String part : clientLine.trim().split(" ")) {
      names.add(part.substring(0, part.indexOf('=')));
    }
    return names;
  }

  private static String payload(String bulk) {
    return bulk.substring(bulk.indexOf('\n') + 1, bulk.length() - 2);
  }
}
