package io.redisproxy.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The SET commands that load keys the way redis-benchmark names them, for redis-cli --pipe. */
final class Populate {
  private Populate() {}

  /** SET key:000000000000 .. key:(COUNT - 1), each to a value of SIZE bytes, in RESP. */
  static byte[] commands(int count, int size) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) 'x');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      String key = String.format(Locale.ROOT, "key:%012d", i);
      out.writeBytes(
          ("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + size + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(value);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    return out.toByteArray();
  }
}
