package io.redisproxy.testkit;

/**
 * An error reply from Redis, such as {@code ERR unknown command} or {@code WRONGTYPE ...}.
 *
 * <p>{@link RespSocket#command} throws it when the whole reply is an error; inside an array reply
 * (for example the result of {@code EXEC}) it appears as an element instead.
 */
public final class RedisErrorReply extends RuntimeException {
  RedisErrorReply(String message) {
    super(message);
  }

  /** The error's first word: {@code ERR}, {@code WRONGTYPE}, {@code MOVED}, {@code NOAUTH}, ... */
  public String code() {
    String message = getMessage();
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
