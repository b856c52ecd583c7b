package io.redisproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** CPU time and memory of running processes, read from /proc. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** The CPU ticks the process has used so far, or -1 when it is gone. */
  static long ticks(long pid) {
    String line = read(Path.of("/proc", Long.toString(pid), "stat"));
    return line == null ? -1 : ProcStat.parse(line).ownTicks();
  }

  /** The CPU ticks of the processes together; a process that is gone counts nothing. */
  static long ticks(Collection<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      sum += Math.max(0, ticks(pid));
    }
    return sum;
  }

  /**
   * The CPU ticks of this JVM's children it has reaped: a redis-benchmark run counts here once its
   * process has been waited for.
   */
  static long reapedChildrenTicks() {
    return ProcStat.parse(read(Path.of("/proc/self/stat"))).reapedChildrenTicks();
  }

  /** The process's resident set size in KiB, or -1 when it is gone. */
  static long rssKib(long pid) {
    String status = read(Path.of("/proc", Long.toString(pid), "status"));
    return status == null ? -1 : ProcStatus.rssKib(status);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return null;
    }
  }
}
