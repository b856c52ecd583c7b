package io.redisproxy.proxy.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the proxy's reply to a command is the one redis-server gave: the same bytes, except for
 * these documented differences, each of which one redis-server also shows from run to run.
 *
 * <ul>
 *   <li>Set members (SMEMBERS, SINTER, SUNION, SDIFF) come in the order of the server's hash table,
 *       which depends on its random hash seed: compared as sorted lists.
 *   <li>TTL counts down in whole seconds, read at slightly different moments, and EXPIRETIME after
 *       a relative expiration is the moment each server received it: compared within one second.
 * </ul>
 *
 * Inside EXEC's reply each command's result is compared by that command's rule.
 */
final class ReplyComparison {
  private static final Set<String> UNORDERED = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF");

  private ReplyComparison() {}

  /** Whether {@code viaProxy} counts as {@code direct} for {@code command}. */
  static boolean same(List<String> command, byte[] viaProxy, byte[] direct) {
    if (Arrays.equals(viaProxy, direct)) {
      return true;
    }
    String name = command.get(0).toUpperCase(Locale.ROOT);
    if (UNORDERED.contains(name)) {
      List<byte[]> a = elements(viaProxy);
      List<byte[]> b = elements(direct);
      return a != null && b != null && sorted(a).equals(sorted(b));
    }
    if ((name.equals("TTL") || name.equals("EXPIRETIME"))
        && viaProxy[0] == ':'
        && direct[0] == ':') {
      return Math.abs(integer(viaProxy) - integer(direct)) <= 1;
    }
    return false;
  }

  /** EXEC's replies, each compared by the rule of the command queued in its place. */
  static boolean sameExec(List<List<String>> queued, byte[] viaProxy, byte[] direct) {
    if (Arrays.equals(viaProxy, direct)) {
      return true;
    }
    List<byte[]> a = elements(viaProxy);
    List<byte[]> b = elements(direct);
    if (a == null || b == null || a.size() != b.size() || b.size() != queued.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!same(queued.get(i), a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The elements of an array reply (or a RESP3 set, or a map's keys and values in turn), each
   * whole; null when the reply is no array.
   */
  static List<byte[]> elements(byte[] reply) {
    if (reply.length == 0 || (reply[0] != '*' && reply[0] != '~' && reply[0] != '%')) {
      return null;
    }
    int[] at = {0};
    long count = Long.parseLong(line(reply, at)) * (reply[0] == '%' ? 2 : 1);
    if (count < 0) {
      return null;
    }
    List<byte[]> elements = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      int start = at[0];
      long owed = 1;
      while (owed > 0) {
        owed--;
        byte type = reply[at[0]];
        String line = line(reply, at);
        if ((type == '$' || type == '=' || type == '!') && Integer.parseInt(line) >= 0) {
          at[0] += Integer.parseInt(line) + 2;
        } else if (type == '*' || type == '~' || type == '>') {
          owed += Math.max(0, Long.parseLong(line));
        } else if (type == '%') {
          owed += 2 * Math.max(0, Long.parseLong(line));
        }
      }
      elements.add(Arrays.copyOfRange(reply, start, at[0]));
    }
    return elements;
  }

  /** The line after the type byte at {@code at[0]}; moves {@code at[0]} past its CRLF. */
  private static String line(byte[] reply, int[] at) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int i = at[0] + 1;
    while (reply[i] != '\r') {
      text.write(reply[i++]);
    }
    at[0] = i + 2;
    return text.toString(StandardCharsets.ISO_8859_1);
  }

  private static long integer(byte[] reply) {
    return Long.parseLong(line(reply, new int[] {0}));
  }

  private static List<String> sorted(List<byte[]> elements) {
    return elements.stream().map(e -> new String(e, StandardCharsets.ISO_8859_1)).sorted().toList();
  }
}
