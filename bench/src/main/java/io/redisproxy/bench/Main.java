package io.redisproxy.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the benchmark (see hack/bench.sh for the options). Exits 1 when a run failed, keeping the
 * work directory with every process's log and the raw results; removes it after a clean run.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    String tmp = System.getenv().getOrDefault("TMPDIR", System.getProperty("java.io.tmpdir"));
    Path workDir = Files.createTempDirectory(Path.of(tmp), "redis-proxy-bench.");
    Processes processes = new Processes(workDir);
    AtomicBoolean clean = new AtomicBoolean();
    // Runs on a normal exit, on an error and on Ctrl-C or TERM alike.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  processes.stopAll();
                  if (clean.get()) {
                    delete(workDir);
                  } else {
                    Log.info("logs and raw results kept in " + workDir);
                  }
                }));
    int failures;
    try {
      failures = new Bench(options, processes).run();
    } catch (IOException | RuntimeException e) {
      Log.info("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (failures > 0) {
      Log.info(
          "error: "
              + failures
              + " benchmark runs or idle client measurements failed; see the logs above");
      System.exit(1);
    }
    clean.set(true);
    System.exit(0);
  }

  private static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      Log.info("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
