package io.redisproxy.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on standard error, each with the time of day. */
final class Log {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Log() {}

  static void info(String message) {
    System.err.println(LocalTime.now().format(TIME) + " " + message);
  }
}
