package io.redisproxy.bench;

/**
 * The CPU fields of one {@code /proc/<pid>/stat} line, in clock ticks: the process's own user and
 * system time, and that of its children it has waited for.
 */
record ProcStat(long utime, long stime, long cutime, long cstime) {

  /** The process's own CPU time so far. */
  long ownTicks() {
    return utime + stime;
  }

  /** The CPU time of the children this process has reaped. */
  long reapedChildrenTicks() {
    return cutime + cstime;
  }

  /**
   * Parses a stat line. The command name is in parentheses and may hold spaces and parentheses
   * itself, so fields are counted from the last closing parenthesis.
   */
  static ProcStat parse(String line) {
    int end = line.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
    }
    // After the name: state (field 3), ..., utime (14), stime (15), cutime (16), cstime (17).
    String[] fields = line.substring(end + 1).trim().split("\\s+");
    if (fields.length < 15) {
      throw new IllegalArgumentException("a /proc/<pid>/stat line too short: " + line);
    }
    return new ProcStat(
        Long.parseLong(fields[11]),
        Long.parseLong(fields[12]),
        Long.parseLong(fields[13]),
        Long.parseLong(fields[14]));
  }
}
