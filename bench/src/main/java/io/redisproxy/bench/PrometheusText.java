package io.redisproxy.bench;

/** Reads a meter from the Prometheus text the proxy's /metrics serves. */
final class PrometheusText {
  private PrometheusText() {}

  /** The meter summed over all its series; 0 when it has none. */
  static long sum(String text, String meter) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(meter + "{") || line.startsWith(meter + " ")) {
        String[] parts = line.trim().split("\\s+");
        sum += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return Math.round(sum);
  }
}
