package io.redisproxy.bench;

/** Reads fields of a {@code /proc/<pid>/status} file. */
final class ProcStatus {
  private ProcStatus() {}

  /** The resident set size in KiB (VmRSS), or -1 when the text has none (a zombie, say). */
  static long rssKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]);
      }
    }
    return -1;
  }
}
