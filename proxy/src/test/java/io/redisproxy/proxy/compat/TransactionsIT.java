package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactions through the proxy answer byte for byte as one redis-server answers them. */
class TransactionsIT {
  private static SideBySide sides;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
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
  void aTransactionOfCommandsTheProxyAnswersNeedsNoShard() {
    same("MULTI", "PING", "ECHO x", "SELECT 0", "PING hi", "EXEC", "PING");
  }

  @Test
  void localCommandsTakeTheirPlacesAmongTheShardsReplies() {
    same(
        "MULTI",
        "PING",
        "SET {t}a 1",
        "ECHO one",
        "INCR {t}a",
        "GET {t}a",
        "SELECT 0",
        "EXEC",
        "GET {t}a");
  }

  @Test
  void queuedLocalCommandsRunInOrderAtExec() {
    same(
        "CLIENT SETNAME before",
        "MULTI",
        "CLIENT SETNAME inside",
        "CLIENT GETNAME",
        "SET {t}a 1",
        "EXEC",
        "CLIENT GETNAME");
  }

  @Test
  void aQueueTimeErrorAbortsAtExecAndEndsTheTransaction() {
    same(
        "MULTI",
        "PING",
        "SET {t}a 1",
        "FOO bar",
        "GET",
        "EXEC",
        "GET {t}a",
        "MULTI",
        "PING",
        "EXEC");
    same("MULTI", "SET {t}a 1", "GET {t}a x", "EXEC", "EXISTS {t}a");
  }

  @Test
  void nestedMultiAndWatchInsideMultiErrAndTheTransactionGoesOn() {
    same("MULTI", "MULTI", "SET {t}a 1", "WATCH {t}a", "PING", "EXEC", "GET {t}a");
  }

  @Test
  void misuseOutsideATransactionAnswersAsRedis() {
    same(
        "EXEC",
        "DISCARD",
        "MULTI",
        "EXEC",
        "MULTI",
        "PING",
        "SET {t}a 1",
        "DISCARD",
        "EXISTS {t}a");
  }

  @Test
  void runtimeErrorsStandInTheirPlaces() {
    same("SET {t}s abc", "MULTI", "INCR {t}s", "PING", "LPUSH {t}s x", "GET {t}s", "EXEC");
  }

  @Test
  void unwatchInsideMultiIsQueued() {
    same("WATCH {t}a", "MULTI", "UNWATCH", "SET {t}a 1", "PING", "EXEC", "GET {t}a");
  }

  @Test
  void aWatchedKeyChangedMakesExecNilAndRunsNoQueuedCommand() {
    try (SideBySide.Pair pair = sides.connect();
        SideBySide.Pair other = sides.connect()) {
      pair.assertSame(command("CLIENT SETNAME before"));
      pair.assertSame(command("WATCH {t}a"));
      other.assertSame(command("SET {t}a changed"));
      pair.assertSame(command("MULTI"));
      pair.assertSame(command("CLIENT SETNAME inside"));
      pair.assertSame(command("PING"));
      pair.assertSame(command("EXEC"));
      pair.assertSame(command("CLIENT GETNAME"));
    }
  }

  @Test
  void blockingCommandsInsideATransactionDoNotBlock() {
    same("MULTI", "BLPOP {t}list 0", "RPUSH {t}list a", "BLPOP {t}list 0", "EXEC");
  }

  /** Found by the differential tester, as were the two below. */
  @Test
  void execWithArgumentsDiscardsTheTransactionAsRedisSays() {
    same("MULTI", "SET {t}a 1", "EXEC x", "EXEC", "GET {t}a", "EXEC x");
  }

  @Test
  void requestsThatNameNoKeyAreQueuedAndFailAtExecAsInRedis() {
    same("MULTI", "LMPOP 0 {t}l LEFT", "PING", "EXEC");
    same("MULTI", "SET {t}a 1", "ZINTER 0 {t}z", "OBJECT HELP", "EXEC");
  }

  @Test
  void unknownAndMissingSubcommandsAbortAsInRedis() {
    same("MULTI", "SET {t}a 1", "OBJECT NOSUCH {t}a", "EXEC", "EXISTS {t}a");
    same("MULTI", "SET {t}a 1", "XINFO", "EXEC", "EXISTS {t}a");
    same("MULTI", "SET {t}a 1", "OBJECT ENCODING", "EXEC", "EXISTS {t}a");
    same("MULTI", "SET {t}a 1", "CLIENT SETNAME", "EXEC", "EXISTS {t}a");
    same("MULTI", "SET {t}a 1", "CLIENT NOSUCH", "EXEC", "EXISTS {t}a");
  }

  @Test
  void quitInsideATransactionAnswersAndCloses() {
    try (SideBySide.Pair pair = sides.connect()) {
      pair.assertSame(command("MULTI"));
      pair.assertSame(command("PING"));
      pair.assertSame(command("QUIT"));
      assertThat(pair.viaProxy().closedByPeer()).isTrue();
    }
  }

  /**
   * Found by the differential tester: requests pipelined after EXEC took the shared connection and
   * could reach the shard before the EXEC on the watch's own connection; a WATCH, or a BLPOP on a
   * connection of its own, could likewise overtake the writes before it.
   */
  @Test
  void pipelinedRequestsDoNotOvertakeOnTheWayToAConnectionOfTheirOwn() {
    for (int round = 0; round < 20; round++) {
      sides.flush();
      samePipelined(
          "WATCH {t}x",
          "MULTI",
          "XGROUP CREATE {t}x g 0 MKSTREAM",
          "EXEC",
          "XGROUP DELCONSUMER {t}x g c",
          "SET {t}a 1",
          "WATCH {t}a",
          "MULTI",
          "SET {t}a 2",
          "EXEC",
          "WATCH {t}a",
          "SET {t}a 5",
          "UNWATCH",
          "GET {t}a",
          "RPUSH {t}l a",
          "BLPOP {t}l 1");
    }
  }

  /** Found by the differential tester: a CLIENT SETNAME after EXEC ran before the queued one. */
  @Test
  void commandsAfterExecRunAfterTheQueuedLocalOnes() {
    for (int round = 0; round < 20; round++) {
      try (SideBySide.Pair pair = sides.connect()) {
        samePipelined(
            pair, "MULTI", "CLIENT SETNAME inside", "SET {t}a 1", "EXEC", "CLIENT SETNAME after");
        pair.assertSame(command("CLIENT GETNAME"));
      }
    }
  }

  private static void samePipelined(String... commands) {
    try (SideBySide.Pair pair = sides.connect()) {
      samePipelined(pair, commands);
    }
  }

  /** Sends {@code commands} to each side in one write, then compares the replies in order. */
  private static void samePipelined(SideBySide.Pair pair, String... commands) {
    List<List<String>> pipeline = Arrays.stream(commands).map(TransactionsIT::command).toList();
    pair.viaProxy().sendAll(pipeline);
    pair.direct().sendAll(pipeline);
    for (String command : commands) {
      assertThat(SideBySide.text(pair.viaProxy().readReply()))
          .as("reply to %s", command)
          .isEqualTo(SideBySide.text(pair.direct().readReply()));
    }
  }

  private static void same(String... commands) {
    try (SideBySide.Pair pair = sides.connect()) {
      for (String command : commands) {
        pair.assertSame(command(command));
      }
    }
  }

  private static List<String> command(String line) {
    return Arrays.asList(line.split(" "));
  }
}
