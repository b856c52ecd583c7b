package io.redisproxy.proxy.compat;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential tester: generated command sequences run on one redis-server and through the
 * proxy over three, and every reply must be the same bytes (except the differences {@link
 * ReplyComparison} documents), half of the sequences in RESP2 and half in RESP3. By default a
 * bounded run from fixed seeds (about 20,000 commands); {@code -Ddifferential.minutes=5} runs fresh
 * seeds for that long, and {@code -Ddifferential.seed=N} runs the one sequence a failure named.
 */
class DifferentialIT {
  private static final long[] FIXED_SEEDS = {1, 2, 3, 4};
  private static final int SEQUENCES_PER_SEED = 20;
  private static final int SEQUENCE_LENGTH = 250;
  private static final long SHRINK_BUDGET_MILLIS = 60_000;

  private static SideBySide sides;

  @BeforeAll
  static void start() {
    sides = SideBySide.start();
  }

  @AfterAll
  static void stop() {
    sides.close();
  }

  @Test
  void theProxyAnswersAsOneRedisServer() {
    Long only = Long.getLong("differential.seed");
    long minutes = Long.getLong("differential.minutes", 0);
    if (only != null) {
      check(only);
    } else if (minutes > 0) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
      long base = System.currentTimeMillis() * 1000;
      for (long seed = base; System.nanoTime() < deadline; seed++) {
        check(seed);
      }
    } else {
      for (long seed : FIXED_SEEDS) {
        for (int i = 0; i < SEQUENCES_PER_SEED; i++) {
          check(seed * 1000 + i);
        }
      }
    }
  }

  private static void check(long seed) {
    List<List<String>> sequence = new CommandGenerator(seed).sequence(SEQUENCE_LENGTH);
    // A third of the sequences wait for each reply; the others pipeline up to 16 requests.
    int depth = seed % 3 == 0 ? 1 : 1 + (int) Math.floorMod(seed * 7, 16L);
    boolean resp3 = Math.floorMod(seed / 3, 2L) == 1;
    DifferentialRun.Outcome outcome = DifferentialRun.run(sides, sequence, depth, resp3);
    if (outcome.matched()) {
      return;
    }
    DifferentialRun.Outcome shortest = DifferentialRun.shrink(sides, outcome, SHRINK_BUDGET_MILLIS);
    fail(
        "The proxy answered differently from redis-server (seed "
            + seed
            + ", rerun with -Ddifferential.seed="
            + seed
            + "); the shortest sequence found that shows it, of "
            + shortest.sent().size()
            + " commands:\n"
            + shortest.describe());
  }
}
