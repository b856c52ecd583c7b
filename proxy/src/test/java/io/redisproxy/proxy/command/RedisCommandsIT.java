package io.redisproxy.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.redisproxy.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Holds the command table against a real redis-server: arity and write flag against COMMAND INFO,
 * the keys of requests against COMMAND GETKEYS, and no keyed data command left out unnoticed.
 */
class RedisCommandsIT {
  private static final String HOST = "127.0.0.1";

  /** Commands whose arity Redis 7.2 widened (ZRANK WITHSCORE); the table takes the wider one. */
  private static final Map<String, Integer> WIDER_IN_7_2 = Map.of("zrank", -3, "zrevrank", -3);

  /** Commands the proxy answers itself or sends to every shard: their keys are not routed. */
  private static final Set<Handling> NOT_ROUTED_BY_KEY =
      EnumSet.of(
          Handling.LOCAL,
          Handling.ALL_SUM,
          Handling.ALL_MIN,
          Handling.ALL_OK,
          Handling.ALL_CONCAT,
          Handling.SCAN,
          Handling.ANY_SHARD,
          Handling.TRANSACTION,
          Handling.SUBSCRIBE,
          Handling.PUBSUB_QUERY,
          Handling.MANAGEMENT,
          Handling.WAIT);

  /**
   * Commands whose channel the proxy routes like a key and sends to the primary, which Redis flags
   * neither keyed nor write.
   */
  private static final Set<String> ROUTED_BY_CHANNEL = Set.of("publish", "spublish");

  private static Process server;
  private static Jedis redis;
  private static Map<String, RedisCommand> redisCommands;

  private final CommandTable table = CommandTable.standard();

  @BeforeAll
  static void startRedis(@TempDir Path dir) throws IOException {
    int port = FreePorts.loopback();
    server =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
                "--dir",
                dir.toString())
            .inheritIO()
            .start();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .failFast("redis-server exited; its output is above", () -> !server.isAlive())
        .ignoreExceptions()
        .until(() -> ping(port));
    redis = new Jedis(HOST, port);
    redisCommands = RedisCommand.parseAll((List<?>) redis.sendCommand(Protocol.Command.COMMAND));
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.close();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void arityAndWriteFlagMatchCommandInfo() {
    SoftAssertions softly = new SoftAssertions();
    for (CommandSpec spec : table.all()) {
      if (NOT_ROUTED_BY_KEY.contains(spec.handling()) || ROUTED_BY_CHANNEL.contains(spec.name())) {
        continue;
      }
      RedisCommand command = redisCommands.get(spec.name());
      softly.assertThat(command).as("Redis command %s", spec.name()).isNotNull();
      if (command == null) {
        continue;
      }
      List<RedisCommand> forms = command.keyedForms();
      int arity = WIDER_IN_7_2.getOrDefault(spec.name(), RedisCommand.arityCovering(forms));
      softly.assertThat(spec.arity()).as("arity of %s", spec.name()).isEqualTo(arity);
      for (RedisCommand form : forms) {
        softly
            .assertThat(spec.write())
            .as("write flag of %s", form.name())
            .isEqualTo(form.mayWrite());
      }
    }
    softly.assertAll();
  }

  @Test
  void widenedAritiesAreTheExactRedis70OnesMadeMinimums() {
    WIDER_IN_7_2.forEach(
        (name, wider) -> assertThat(redisCommands.get(name).arity()).as(name).isEqualTo(-wider));
  }

  /**
   * Every command of Redis is served or refused with a reason, and the proxy knows every
   * subcommand, so what Redis does not know gets Redis' "unknown" errors and nothing else does.
   */
  @Test
  void everyRedisCommandIsServedOrRefusedAndEverySubcommandIsKnown() {
    Map<String, String> refused = RedisCommands.refused();
    Map<String, Set<String>> known = RedisCommands.subcommands();
    SoftAssertions softly = new SoftAssertions();
    for (RedisCommand command : redisCommands.values()) {
      softly
          .assertThat(table.get(command.name()) != null || refused.containsKey(command.name()))
          .as("%s is served or refused", command.name())
          .isTrue();
      softly
          .assertThat(known.getOrDefault(command.name(), Set.of()))
          .as("subcommands of %s", command.name())
          .containsAll(command.subcommands().stream().map(RedisCommand::subcommandName).toList());
      softly
          .assertThat(known.containsKey(command.name()))
          .as("%s has subcommands", command.name())
          .isEqualTo(!command.subcommands().isEmpty());
    }
    refused.forEach(
        (name, reason) ->
            softly
                .assertThat(name.contains("|") || redisCommands.containsKey(name))
                .as("Redis has %s, which the proxy refuses because %s", name, reason)
                .isTrue());
    softly.assertAll();
  }

  /**
   * Requests of every command with keys at fixed positions, at Redis' arity and two past it. Redis
   * 7.0's GETKEYS refuses PFMERGE without source keys, which PFMERGE itself serves: see {@link
   * #pfmergeWithoutSourcesHasItsDestinationAsKey}.
   */
  @TestFactory
  Stream<DynamicTest> fixedKeyPositionsMatchGetkeys() {
    List<List<String>> requests = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      RedisCommand command = redisCommands.get(spec.name());
      if (NOT_ROUTED_BY_KEY.contains(spec.handling())
          || ROUTED_BY_CHANNEL.contains(spec.name())
          || command == null
          || command.isMovable()) {
        continue;
      }
      int arity = Math.abs(command.arity());
      if (!spec.name().equals("pfmerge")) {
        requests.add(request(List.of(spec.name()), arity - 1));
      }
      if (command.arity() < 0) {
        requests.add(request(List.of(spec.name()), arity + 1));
      }
    }
    assertThat(requests).hasSizeGreaterThan(100);
    return requests.stream()
        .map(request -> dynamicTest(String.join(" ", request), () -> assertSameKeys(request)));
  }

  @Test
  void pfmergeWithoutSourcesHasItsDestinationAsKey() {
    assertThat(string(redis.sendCommand(Protocol.Command.PFMERGE, "dest"))).isEqualTo("OK");
    assertThat(ourKeys(List.of("PFMERGE", "dest"))).containsExactly("dest");
  }

  /** Requests of every family, including every way of finding keys that is not a fixed range. */
  @TestFactory
  Stream<DynamicTest> representativeRequestsMatchGetkeys() {
    List<String> requests =
        List.of(
            "SET k v EX 10 NX GET",
            "MGET a b c",
            "MSET a 1 b 2 c 3",
            "MSETNX a 1 b 2",
            "GETEX k PERSIST",
            "LCS a b IDX MINMATCHLEN 2 WITHMATCHLEN",
            "DEL a b c",
            "EXISTS a b",
            "TOUCH a b c",
            "BITOP AND dest a b c",
            "BITOP NOT dest a",
            "BITFIELD k GET u8 0 SET u8 8 255",
            "BITFIELD_RO k GET u8 0",
            "BITCOUNT k 0 -1 BIT",
            "LMOVE src dst LEFT RIGHT",
            "RPOPLPUSH src dst",
            "LMPOP 1 a LEFT",
            "LMPOP 3 a b c RIGHT COUNT 2",
            "LPOS k v RANK 1 COUNT 2 MAXLEN 10",
            "HSET k f1 v1 f2 v2",
            "HSCAN k 0 MATCH * COUNT 10",
            "HRANDFIELD k 2 WITHVALUES",
            "SINTERCARD 2 a b LIMIT 5",
            "SINTERSTORE dst a b",
            "SUNIONSTORE dst a",
            "SDIFFSTORE dst a b c",
            "SDIFF a b",
            "SMOVE src dst member",
            "ZUNIONSTORE dst 2 a b WEIGHTS 1 2 AGGREGATE MAX",
            "ZINTERSTORE dst 1 a",
            "ZDIFFSTORE dst 3 a b c",
            "ZUNION 2 a b WITHSCORES",
            "ZINTER 3 a b c AGGREGATE MIN",
            "ZDIFF 1 a",
            "ZINTERCARD 2 a b LIMIT 1",
            "ZMPOP 2 a b MIN COUNT 3",
            "ZRANGESTORE dst src 0 -1 BYSCORE LIMIT 0 5",
            "ZRANGE k 0 -1 WITHSCORES",
            "ZADD k NX CH 1 a 2 b",
            "PFADD k a b c",
            "PFCOUNT a b c",
            "PFMERGE dst a b",
            "GEOADD k 13.36 38.11 palermo",
            "GEORADIUS k 15 37 200 km WITHDIST",
            "GEORADIUS k 15 37 200 km STORE dst",
            "GEORADIUS k 15 37 200 km STOREDIST dst COUNT 3 ASC",
            "GEORADIUS k 15 37 200 km STORE a STOREDIST b",
            "GEORADIUS k 15 37 200 km STORE a STORE b",
            "GEORADIUSBYMEMBER k palermo 100 km STORE dst",
            "GEORADIUSBYMEMBER k palermo 100 km WITHCOORD",
            "GEORADIUS_RO k 15 37 200 km WITHDIST",
            "GEOSEARCH k FROMMEMBER palermo BYRADIUS 100 km ASC",
            "GEOSEARCHSTORE dst src FROMLONLAT 15 37 BYBOX 400 400 km STOREDIST",
            "XADD k * f v",
            "XREAD STREAMS a 0",
            "XREAD COUNT 10 STREAMS a b c 0 0 0",
            "xread streams a b $ $",
            "XREADGROUP GROUP g c STREAMS a >",
            "XREADGROUP GROUP g c COUNT 1 NOACK STREAMS a b > >",
            "XREADGROUP GROUP streams STREAMS STREAMS a >",
            "XAUTOCLAIM k g c 0 0-0 COUNT 5",
            "XCLAIM k g c 0 1-0 2-0 JUSTID",
            "XPENDING k g - + 10",
            "XTRIM k MAXLEN ~ 100",
            "XGROUP CREATE k g $ MKSTREAM",
            "XGROUP SETID k g 0 ENTRIESREAD 3",
            "XGROUP CREATECONSUMER k g c",
            "XINFO STREAM k FULL COUNT 10",
            "XINFO CONSUMERS k g",
            "COPY src dst DB 0 REPLACE",
            "RENAME a b",
            "EXPIRE k 10 NX",
            "PEXPIREAT k 1000 GT",
            "RESTORE k 0 payload REPLACE ABSTTL IDLETIME 10",
            "OBJECT ENCODING k",
            "MEMORY USAGE k SAMPLES 5",
            "SORT k",
            "SORT k BY w_* LIMIT 0 10 GET o_* DESC ALPHA STORE dst",
            "SORT k STORE a STORE b",
            "SORT k GET store",
            "SORT k LIMIT 0 store STORE dst",
            "SORT_RO k BY w_* GET #",
            "EVAL script 2 a b arg",
            "EVAL script 0",
            "EVALSHA sha 1 a",
            "EVAL_RO script 3 a b c x y",
            "EVALSHA_RO sha 0 x",
            "FCALL fn 2 a b x",
            "FCALL_RO fn 1 a");
    return requests.stream()
        .map(line -> dynamicTest(line, () -> assertSameKeys(List.of(line.split(" ")))));
  }

  /**
   * Every subcommand of OBJECT, MEMORY, XINFO and XGROUP: keyed ones find their key, others none.
   */
  @TestFactory
  Stream<DynamicTest> subcommandKeysMatchGetkeys() {
    List<List<String>> requests = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      RedisCommand command = redisCommands.get(spec.name());
      if (NOT_ROUTED_BY_KEY.contains(spec.handling()) || command == null) {
        continue;
      }
      for (RedisCommand subcommand : command.subcommands()) {
        List<String> name = List.of(spec.name(), subcommand.subcommandName());
        requests.add(request(name, Math.abs(subcommand.arity()) - 2));
      }
    }
    assertThat(requests).hasSizeGreaterThan(15);
    return requests.stream()
        .map(
            request ->
                dynamicTest(
                    String.join(" ", request),
                    () ->
                        assertThat(ourKeys(request))
                            .as("keys of %s", request)
                            .containsExactlyElementsOf(redisKeysOrNone(request))));
  }

  private void assertSameKeys(List<String> request) {
    CommandSpec spec = table.lookup(ArgumentsOf.of(request));
    assertThat(spec).as("table entry for %s", request.get(0)).isNotNull();
    assertThat(spec.arityAccepts(request.size())).as("arity accepts the request").isTrue();
    assertThat(ourKeys(request))
        .as("keys of %s", request)
        .containsExactlyElementsOf(redisKeys(request));
  }

  private List<String> ourKeys(List<String> request) {
    ArgumentsOf args = ArgumentsOf.of(request);
    KeyIndexes keys = new KeyIndexes();
    assertThat(table.lookup(args).keys().find(args, keys)).as("keys are found").isTrue();
    return IntStream.range(0, keys.size()).mapToObj(i -> args.text(keys.get(i))).toList();
  }

  private static List<String> redisKeys(List<String> request) {
    String[] args = Stream.concat(Stream.of("GETKEYS"), request.stream()).toArray(String[]::new);
    return strings((List<?>) redis.sendCommand(Protocol.Command.COMMAND, args));
  }

  /** GETKEYS' keys, or none where Redis says the command has no key arguments. */
  private static List<String> redisKeysOrNone(List<String> request) {
    try {
      return redisKeys(request);
    } catch (JedisDataException e) {
      assertThat(e.getMessage()).contains("no key arguments");
      return List.of();
    }
  }

  /** The command's name (and subcommand), then {@code arguments} distinct arguments a1, a2, ... */
  private static List<String> request(List<String> name, int arguments) {
    return Stream.concat(name.stream(), IntStream.rangeClosed(1, arguments).mapToObj(i -> "a" + i))
        .toList();
  }

  private static List<String> strings(List<?> replies) {
    return replies.stream().map(RedisCommandsIT::string).toList();
  }

  private static String string(Object reply) {
    return new String((byte[]) reply, StandardCharsets.UTF_8);
  }

  private static boolean ping(int port) {
    try (Jedis probe = new Jedis(HOST, port)) {
      return "PONG".equals(probe.ping());
    }
  }

  /** One entry of COMMAND INFO, as much of it as these tests need. */
  private record RedisCommand(
      String name,
      int arity,
      Set<String> flags,
      long firstKey,
      boolean hasKeySpecs,
      List<RedisCommand> subcommands) {

    static Map<String, RedisCommand> parseAll(List<?> reply) {
      return reply.stream()
          .map(entry -> parse((List<?>) entry))
          .collect(Collectors.toMap(RedisCommand::name, c -> c, (a, b) -> a, LinkedHashMap::new));
    }

    static RedisCommand parse(List<?> entry) {
      return new RedisCommand(
          string(entry.get(0)),
          ((Long) entry.get(1)).intValue(),
          Set.copyOf(strings((List<?>) entry.get(2))),
          (Long) entry.get(3),
          !((List<?>) entry.get(8)).isEmpty(),
          ((List<?>) entry.get(9)).stream().map(sub -> parse((List<?>) sub)).toList());
    }

    /** The arity that accepts exactly what every one of {@code forms} accepts at least. */
    static int arityCovering(List<RedisCommand> forms) {
      int[] arities = forms.stream().mapToInt(RedisCommand::arity).distinct().toArray();
      if (arities.length == 1) {
        return arities[0];
      }
      return -Arrays.stream(arities).map(Math::abs).min().orElseThrow();
    }

    boolean hasKeys() {
      return firstKey > 0 || hasKeySpecs;
    }

    boolean isDataCommand() {
      return flags.contains("write") || flags.contains("readonly");
    }

    boolean isMovable() {
      return flags.contains("movablekeys") || !subcommands.isEmpty();
    }

    /** Redis flags scripts neither write nor readonly, as the script decides: assume a write. */
    boolean mayWrite() {
      return flags.contains("write") || !flags.contains("readonly");
    }

    /** The command itself, or its subcommands that have keys. */
    List<RedisCommand> keyedForms() {
      if (subcommands.isEmpty()) {
        return List.of(this);
      }
      return subcommands.stream().filter(RedisCommand::hasKeys).toList();
    }

    String subcommandName() {
      return name.substring(name.indexOf('|') + 1);
    }
  }
}
