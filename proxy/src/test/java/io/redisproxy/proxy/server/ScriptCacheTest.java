package io.redisproxy.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The script bodies the proxy keeps, by SHA1, within a bound. */
class ScriptCacheTest {
  // SHA1 of "return 1", as Redis names that script.
  private static final String RETURN_ONE = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db";

  @Test
  void bodiesAreFoundByTheirDigestInEitherCase() {
    ScriptCache cache = new ScriptCache();
    remember(cache, "xx return 1 yy", 3, 8);
    assertThat(cache.body(RETURN_ONE)).asString().isEqualTo("return 1");
    assertThat(cache.body(RETURN_ONE.toUpperCase())).asString().isEqualTo("return 1");
    assertThat(cache.body("0".repeat(40))).isNull();
    cache.clear();
    assertThat(cache.body(RETURN_ONE)).isNull();
  }

  @Test
  void aFlushEndsTheEpochOfWhatWasKnown() {
    ScriptCache cache = new ScriptCache();
    long before = cache.epoch();
    remember(cache, "return 1", 0, 8);
    cache.clear();
    assertThat(cache.body(RETURN_ONE)).isNull();
    assertThat(cache.knownIn(RETURN_ONE, before)).isTrue();
    assertThat(cache.knownIn(RETURN_ONE, cache.epoch())).isFalse();
    remember(cache, "return 2", 0, 8);
    cache.clear();
    cache.remember("return 1".getBytes(StandardCharsets.UTF_8), before + 1);
    assertThat(cache.body(RETURN_ONE)).isNull();
    assertThat(cache.knownIn(RETURN_ONE, before + 1)).isTrue();
    cache.remember("return 1".getBytes(StandardCharsets.UTF_8), cache.epoch());
    assertThat(cache.body(RETURN_ONE)).asString().isEqualTo("return 1");
  }

  @Test
  void theLeastRecentlyUsedGoFirstPastTheBound() {
    ScriptCache cache = new ScriptCache(20);
    remember(cache, "return 1", 0, 8);
    remember(cache, "return 2", 0, 8);
    assertThat(cache.body(RETURN_ONE)).isNotNull();
    remember(cache, "return 3", 0, 8);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.body(RETURN_ONE)).isNotNull();
    remember(cache, "x".repeat(21), 0, 21);
    assertThat(cache.size()).isEqualTo(2);
  }

  private static void remember(ScriptCache cache, String text, int offset, int length) {
    ByteBuf frame = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    try {
      cache.remember(frame, offset, length);
    } finally {
      frame.release();
    }
  }
}
