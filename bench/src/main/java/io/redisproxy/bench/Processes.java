package io.redisproxy.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the benchmark starts, with its output in the work directory, so that all of them
 * can be stopped at the end, on an error or on Ctrl-C.
 */
final class Processes {
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Path workDir;
  private final List<Process> started = new ArrayList<>();
  private boolean stopped;

  Processes(Path workDir) {
    this.workDir = workDir;
  }

  Path workDir() {
    return workDir;
  }

  /** Where the output of the process started as NAME goes. */
  Path log(String name) {
    return workDir.resolve(name + ".log");
  }

  /** Starts a long-running process NAME, its standard output and error in one log file. */
  Process start(String name, List<String> command) {
    File log = log(name).toFile();
    return start(
        new ProcessBuilder(command)
            .redirectOutput(log)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
  }

  /** Starts a process with its input, output and error where {@code builder} says. */
  synchronized Process start(ProcessBuilder builder) {
    if (stopped) {
      throw new IllegalStateException("the benchmark is stopping: no more processes start");
    }
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start " + String.join(" ", builder.command()) + ": " + e.getMessage(), e);
    }
  }

  /** Stops a process that would otherwise run on: TERM, then KILL once it has had {@code grace}. */
  static void stop(Process process, Duration grace) {
    stopAll(List.of(process), grace);
  }

  /**
   * Stops everything still running: TERM first, so that the proxy shuts down the way it does in
   * production, then KILL for whatever is alive after ten seconds, so that the benchmark never
   * hangs on exit.
   */
  void stopAll() {
    List<Process> running;
    synchronized (this) {
      stopped = true;
      running = List.copyOf(started);
    }
    stopAll(running, GRACE);
  }

  private static void stopAll(List<Process> processes, Duration grace) {
    processes.forEach(Process::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Process process : processes) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    // A killed process is gone once the kernel has reaped it; wait for that, briefly.
    for (Process process : processes) {
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
