package io.redisproxy.proxy.metrics;

import java.util.HashMap;
import java.util.Map;

/** A Prometheus text exposition parsed into series ({@code name{labels}}) and their values. */
final class Scrape {
  private final Map<String, Double> series = new HashMap<>();

  Scrape(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  /** The value of one series, or null when the scrape does not have it. */
  Double value(String seriesName) {
    return series.get(seriesName);
  }

  boolean has(String seriesName) {
    return series.containsKey(seriesName);
  }
}
