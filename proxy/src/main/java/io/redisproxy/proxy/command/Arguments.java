package io.redisproxy.proxy.command;

import java.util.OptionalLong;

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

  /**
   * Argument {@code arg} as Redis reads an integer: an optional '-', then digits without a leading
   * zero ("0" alone aside), within a long; empty when Redis would refuse it.
   */
  default OptionalLong integer(int arg) {
    int length = length(arg);
    boolean negative = length > 0 && byteAt(arg, 0) == '-';
    int first = negative ? 1 : 0;
    if (length == first || length > 20) {
      return OptionalLong.empty();
    }
    if (byteAt(arg, first) == '0') {
      return length == 1 ? OptionalLong.of(0) : OptionalLong.empty();
    }
    long value = 0;
    for (int i = first; i < length; i++) {
      int digit = byteAt(arg, i) - '0';
      if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
        return OptionalLong.empty();
      }
      // Accumulated as a negative number, whose range holds Long.MIN_VALUE.
      value = value * 10 - digit;
    }
    if (!negative && value == Long.MIN_VALUE) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(negative ? value : -value);
  }
}
