package io.redisproxy.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisproxy.operator.rollout.RolloutPlan.Done;
import io.redisproxy.operator.rollout.RolloutPlan.Shard;
import io.redisproxy.operator.rollout.RolloutPlan.Step;
import io.redisproxy.operator.rollout.RolloutPlan.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** A rollout driven to its end as the reconciler drives it, one step per pass; what it did. */
final class RolloutRun {
  /** Every step that acted (waits left out), in order. */
  final List<Step> actions = new ArrayList<>();

  /** What each of those steps came to. */
  final List<String> outcomes = new ArrayList<>();

  private RolloutRun() {}

  /**
   * @param pass what each reconcile does before its restart step, such as a formation step
   * @param observe the shards as the informers would show them now
   */
  static RolloutRun drive(
      Rollout rollout,
      Runnable pass,
      Supplier<List<Shard>> observe,
      Duration between,
      Duration limit) {
    RolloutRun run = new RolloutRun();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      pass.run();
      Step step = RolloutPlan.next(observe.get());
      if (step instanceof Done) {
        return run;
      }
      Rollout.Outcome outcome = rollout.carryOut(step);
      if (!(step instanceof Wait)) {
        run.actions.add(step);
        run.outcomes.add(outcome.message());
      }
      LockSupport.parkNanos(between.toNanos());
    }
    assertThat(RolloutPlan.next(observe.get()))
        .as("rolled out within " + limit)
        .isEqualTo(new Done());
    return run;
  }

  /** Prints what a write load saw during {@code what}, for the figures. */
  static void report(String what, WriteLoad load) {
    System.out.printf(
        "%s: %d writes acknowledged, %d failed, longest run of failures %d ms; errors %s%n",
        what,
        load.acknowledged.size(),
        load.failures.get(),
        load.longestOutageMillis(),
        load.errors);
  }
}
