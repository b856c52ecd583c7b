package io.redisproxy.testkit;

/** A redis-server process that could not be found, started, reached or stopped. */
public final class RedisServerException extends RuntimeException {
  RedisServerException(String message) {
    super(message);
  }

  RedisServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
