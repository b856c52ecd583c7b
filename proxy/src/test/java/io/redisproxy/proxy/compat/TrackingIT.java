package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client-side caching through the proxy over three shards beside one redis-server: the same
 * invalidations, in the same form, for every mode of CLIENT TRACKING, whichever shard holds the
 * key; and "invalidate everything" when the proxy loses a shard, so no cache stays stale.
 */
class TrackingIT {
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
  void readsOnEveryShardAreInvalidatedInBandInResp3() {
    try (SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      tracker.assertSame(List.of("CLIENT", "TRACKING", "on"));
      for (String key : keys) {
        tracker.assertSame(List.of("GET", key));
      }
      for (String key : keys) {
        writer.assertSame(List.of("SET", key, "changed"));
        assertThat(tracker.assertSameNext()).isEqualTo(invalidation(key));
      }
      // Invalidated keys are no longer tracked until read again.
      writer.assertSame(List.of("SET", keys.get(0), "again"));
      tracker.assertSame(List.of("PING"));
      tracker.assertSame(List.of("GET", keys.get(1)));
      writer.assertSame(List.of("DEL", keys.get(1)));
      assertThat(tracker.assertSameNext()).isEqualTo(invalidation(keys.get(1)));
      tracker.assertSame(List.of("CLIENT", "TRACKING", "off"));
      tracker.assertSame(List.of("GET", keys.get(2)));
      writer.assertSame(List.of("SET", keys.get(2), "untracked"));
      tracker.assertSame(List.of("PING"));
    }
  }

  @Test
  void aResp2ClientsInvalidationsGoToItsRedirectTarget() {
    try (SideBySide.Pair receiver = sides.connect();
        SideBySide.Pair tracker = sides.connect();
        SideBySide.Pair writer = sides.connect()) {
      String[] ids = receiver.replies(List.of("CLIENT", "ID"));
      receiver.assertSame(List.of("SUBSCRIBE", "__redis__:invalidate"));
      assertThat(ok(tracker.viaProxy(), "CLIENT", "TRACKING", "on", "REDIRECT", id(ids[0])))
          .isEqualTo(ok(tracker.direct(), "CLIENT", "TRACKING", "on", "REDIRECT", id(ids[1])))
          .isEqualTo("+OK\r\n");
      for (String key : keys) {
        tracker.assertSame(List.of("GET", key));
      }
      writer.assertSame(List.of("SET", keys.get(2), "changed"));
      assertThat(receiver.assertSameNext())
          .isEqualTo(
              "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$"
                  + keys.get(2).length()
                  + "\r\n"
                  + keys.get(2)
                  + "\r\n");
      assertThat(tracker.replies(List.of("CLIENT", "GETREDIR"))[0])
          .isEqualTo(":" + id(ids[0]) + "\r\n");
      assertThat(SideBySide.text(tracker.viaProxy().command(List.of("CLIENT", "INFO"))))
          .contains(" flags=t ", " redir=" + id(ids[0]) + " ");
    }
  }

  @Test
  void aBroadcastPrefixHearsOfEveryKeyItCoversOnEveryShard() {
    try (SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      tracker.assertSame(List.of("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:"));
      for (int i = 0; i < 6; i++) {
        writer.assertSame(List.of("SET", "user:" + i, "v"));
        assertThat(tracker.assertSameNext()).isEqualTo(invalidation("user:" + i));
      }
      writer.assertSame(List.of("SET", "other", "v"));
      tracker.assertSame(List.of("PING"));
      tracker.assertSame(List.of("CLIENT", "TRACKINGINFO"));
    }
  }

  @Test
  void optInTracksOnlyWhatFollowsClientCachingYes() {
    try (SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      tracker.assertSame(List.of("CLIENT", "TRACKING", "on", "OPTIN"));
      tracker.assertSame(List.of("GET", keys.get(0)));
      tracker.assertSame(List.of("CLIENT", "CACHING", "yes"));
      tracker.assertSame(List.of("CLIENT", "TRACKINGINFO"));
      tracker.assertSame(List.of("GET", keys.get(1)));
      tracker.assertSame(List.of("GET", keys.get(2)));
      writer.assertSame(List.of("MSET", keys.get(0), "a", keys.get(1), "b", keys.get(2), "c"));
      assertThat(tracker.assertSameNext()).isEqualTo(invalidation(keys.get(1)));
      tracker.assertSame(List.of("PING"));
    }
  }

  @Test
  void noLoopKeepsTheClientsOwnWritesQuiet() {
    try (SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      tracker.assertSame(List.of("CLIENT", "TRACKING", "on", "NOLOOP"));
      tracker.assertSame(List.of("GET", keys.get(0)));
      tracker.assertSame(List.of("SET", keys.get(0), "mine"));
      tracker.assertSame(List.of("PING"));
      tracker.assertSame(List.of("GET", keys.get(0)));
      writer.assertSame(List.of("SET", keys.get(0), "theirs"));
      assertThat(tracker.assertSameNext()).isEqualTo(invalidation(keys.get(0)));
    }
  }

  @Test
  void readsInsideWatchedTransactionsAreTracked() {
    try (SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      tracker.assertSame(List.of("CLIENT", "TRACKING", "on"));
      for (List<String> command :
          List.of(
              List.of("WATCH", "{t}a"),
              List.of("GET", "{t}a"),
              List.of("MULTI"),
              List.of("GET", "{t}b"),
              List.of("EXEC"))) {
        tracker.assertSame(command);
      }
      writer.assertSame(List.of("SET", "{t}b", "v"));
      assertThat(tracker.assertSameNext()).isEqualTo(invalidation("{t}b"));
      writer.assertSame(List.of("SET", "{t}a", "v"));
      assertThat(tracker.assertSameNext()).isEqualTo(invalidation("{t}a"));
    }
  }

  @Test
  void optionsAndErrorsAnswerAsRedis() {
    try (SideBySide.Pair pair = sides.connect()) {
      for (List<String> command :
          List.of(
              List.of("CLIENT", "TRACKINGINFO"),
              List.of("CLIENT", "GETREDIR"),
              List.of("CLIENT", "CACHING", "yes"),
              List.of("CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT"),
              List.of("CLIENT", "TRACKING", "on", "REDIRECT", "999999"),
              List.of("CLIENT", "TRACKING", "on", "REDIRECT", "x"),
              List.of("CLIENT", "TRACKING", "on", "FOO"),
              List.of("CLIENT", "TRACKING", "maybe"),
              List.of("CLIENT", "TRACKING", "on", "PREFIX", "a"),
              List.of("CLIENT", "TRACKING", "on", "BCAST", "OPTIN"),
              List.of("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "ab"),
              List.of("CLIENT", "TRACKING"),
              List.of("CLIENT", "TRACKING", "on"),
              List.of("CLIENT", "GETREDIR"),
              List.of("CLIENT", "CACHING", "yes"),
              List.of("CLIENT", "CACHING", "maybe"),
              List.of("CLIENT", "TRACKING", "on", "BCAST"),
              List.of("CLIENT", "TRACKING", "off"),
              List.of("CLIENT", "TRACKING", "on", "OPTOUT", "NOLOOP"),
              List.of("CLIENT", "TRACKING", "on", "OPTIN"),
              List.of("CLIENT", "CACHING", "no"),
              List.of("CLIENT", "TRACKINGINFO"),
              List.of("CLIENT", "TRACKING", "off"),
              List.of("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "NOLOOP"),
              List.of("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b"),
              List.of("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "bc"),
              List.of("CLIENT", "TRACKINGINFO"),
              List.of("CLIENT", "TRACKING", "off"),
              List.of("CLIENT", "TRACKING", "off"),
              List.of("CLIENT", "TRACKINGINFO"))) {
        pair.assertSame(command);
      }
    }
  }

  @Test
  void aLostRedirectTargetIsReportedAsRedisReportsIt() {
    try (SideBySide.Pair target = sides.connect();
        SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      String[] ids = target.replies(List.of("CLIENT", "ID"));
      ok(tracker.viaProxy(), "CLIENT", "TRACKING", "on", "REDIRECT", id(ids[0]));
      ok(tracker.direct(), "CLIENT", "TRACKING", "on", "REDIRECT", id(ids[1]));
      tracker.assertSame(List.of("GET", keys.get(1)));
      target.close();
      tracker.assertSame(List.of("PING"));
      writer.assertSame(List.of("SET", keys.get(1), "v"));
      String[] broken = {
        SideBySide.text(tracker.viaProxy().readReply()),
        SideBySide.text(tracker.direct().readReply())
      };
      assertThat(broken[0])
          .isEqualTo(">2\r\n$21\r\ntracking-redir-broken\r\n:" + id(ids[0]) + "\r\n");
      assertThat(broken[1])
          .isEqualTo(">2\r\n$21\r\ntracking-redir-broken\r\n:" + id(ids[1]) + "\r\n");
      assertThat(SideBySide.text(tracker.viaProxy().command(List.of("CLIENT", "TRACKINGINFO"))))
          .contains("broken_redirect");
    }
  }

  @Test
  void aLostShardInvalidatesEverythingAndTrackingGoesOn() {
    RedisServer shard = sides.proxy().shardOf(keys.get(2));
    try (SideBySide.Pair tracker = sides.connect(true);
        SideBySide.Pair writer = sides.connect()) {
      tracker.assertSame(List.of("CLIENT", "TRACKING", "on"));
      tracker.assertSame(List.of("GET", keys.get(2)));
      shard.restart();
      // The proxy cannot know what changed while the shard was away: the cache goes whole.
      assertThat(SideBySide.text(tracker.viaProxy().readReply()))
          .isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
      // The shard is back once the proxy has reconnected: reads and writes are answered again.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> replyPastFlushes(tracker.viaProxy(), "GET", keys.get(2)).equals("_\r\n"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  SideBySide.text(writer.viaProxy().command(List.of("SET", keys.get(2), "after")))
                      .equals("+OK\r\n"));
      assertThat(replyPastFlushes(tracker.viaProxy())).isEqualTo(invalidation(keys.get(2)));
    }
  }

  /**
   * Sends {@code command} (if any) and returns the next frame that is not "invalidate everything",
   * which each failed attempt to reach a restarting shard sends too.
   */
  private static String replyPastFlushes(RawConnection connection, String... command) {
    if (command.length > 0) {
      connection.send(List.of(command));
    }
    String frame;
    do {
      frame = SideBySide.text(connection.readReply());
    } while (frame.equals(">2\r\n$10\r\ninvalidate\r\n_\r\n"));
    return frame;
  }

  /** A RESP3 invalidation of one key. */
  private static String invalidation(String key) {
    return ">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n";
  }

  private static String ok(RawConnection connection, String... command) {
    return SideBySide.text(connection.command(List.of(command)));
  }

  private static String id(String integerReply) {
    return integerReply.substring(1, integerReply.indexOf('\r'));
  }
}
