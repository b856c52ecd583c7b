package io.redisproxy.proxy.command;

/**
 * The arguments of one request, as the command table sees them: argument 0 is the command name.
 * Implemented by the decoded request so that finding keys reads the original bytes, never copies.
 */
public interface Arguments {
  int count();

  int length(int arg);

  byte byteAt(int arg, int position);

  /** Whether argument {@code arg} equals the ASCII text {@code upper}, ignoring case. */
  default boolean is(int arg, String upper) {
    int length = length(arg);
    if (length != upper.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int b = byteAt(arg, i);
      if (b >= 'a' && b <= 'z') {
        b -= 'a' - 'A';
      }
      if (b != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Argument {@code arg} as a non-negative decimal, or -1 when it is not one. */
  default long number(int arg) {
    int length = length(arg);
    if (length == 0 || length > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      int b = byteAt(arg, i);
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }
}
