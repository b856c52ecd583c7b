package io.redisproxy.proxy.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Picking a shard allocates nothing, whatever the buffer: it runs for every key of a request. */
class HotPathAllocationTest {
  private static final int ROUNDS = 2_000;

  /** Leak tracking records every read, so the buffers here come from an allocator without it. */
  private static final UnpooledByteBufAllocator UNTRACKED =
      new UnpooledByteBufAllocator(true, true);

  /** Keys of 1 to 40 bytes, so that every tail of XXH64 runs. */
  private static final KeySample KEYS = KeySample.random(16, 5);

  static Stream<Named<SliceTest.KeyFunction>> selectors() {
    return SliceTest.selectors();
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void pickingAShardAllocatesNothing(SliceTest.KeyFunction selector) {
    com.sun.management.ThreadMXBean threads = allocationCounter();
    ByteBuf heap = KEYS.copyTo(UNTRACKED.heapBuffer());
    ByteBuf direct = KEYS.copyTo(UNTRACKED.directBuffer());
    try {
      for (ByteBuf buf : List.of(heap, direct)) {
        long expected = pickAll(selector, buf);
        // Warm up, so that what the JIT does once is mostly over before counting starts.
        for (int round = 0; round < ROUNDS; round++) {
          pickAll(selector, buf);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean agreed = true;
        for (int round = 0; round < ROUNDS; round++) {
          agreed &= pickAll(selector, buf) == expected;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // Any object made per lookup costs at least 16 bytes; the JIT may allocate a few once.
        int lookups = ROUNDS * KEYS.size();
        assertThat(agreed).isTrue();
        assertThat(allocated)
            .as("bytes allocated by %d lookups in a %s buffer", lookups, kind(buf))
            .isLessThan(lookups);
      }
    } finally {
      heap.release();
      direct.release();
    }
  }

  /** The shards of all sample keys, folded into one number that changes if any changes. */
  private static long pickAll(SliceTest.KeyFunction selector, ByteBuf buf) {
    long folded = 0;
    for (int i = 0; i < KEYS.size(); i++) {
      folded = folded * 31 + selector.apply(buf, KEYS.start(i), KEYS.length(i));
    }
    return folded;
  }

  private static String kind(ByteBuf buf) {
    return buf.isDirect() ? "direct" : "heap";
  }

  private static com.sun.management.ThreadMXBean allocationCounter() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(
        threads instanceof com.sun.management.ThreadMXBean counting
            && counting.isThreadAllocatedMemoryEnabled(),
        "this JVM does not count the bytes each thread allocates");
    return (com.sun.management.ThreadMXBean) threads;
  }
}
