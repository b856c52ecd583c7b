package io.redisproxy.proxy.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The texts of Redis 7's errors for requests it cannot run, byte for byte (server.c
 * processCommand), and the proxy's own error for what Redis has and the proxy refuses.
 */
public final class RedisErrors {
  // Redis prints names and arguments with %.128s and stops adding arguments past 128 bytes.
  private static final int LIMIT = 128;

  private RedisErrors() {}

  /**
   * {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' }: each argument quoted and
   * followed by a space, until the list reaches 128 bytes; as C strings, each ends at a NUL byte.
   */
  public static byte[] unknownCommand(Arguments args) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ascii(text, "ERR unknown command '");
    cString(text, args, 0, LIMIT);
    ascii(text, "', with args beginning with: ");
    int listed = 0;
    for (int arg = 1; arg < args.count() && listed < LIMIT; arg++) {
      int before = text.size();
      text.write('\'');
      cString(text, args, arg, LIMIT - listed);
      ascii(text, "' ");
      listed += text.size() - before;
    }
    return withoutNewlines(text.toByteArray());
  }

  /** {@code ERR unknown subcommand 'x'. Try CLIENT HELP.} */
  public static byte[] unknownSubcommand(Arguments args) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ascii(text, "ERR unknown subcommand '");
    cString(text, args, 1, LIMIT);
    ascii(text, "'. Try ");
    int from = text.size();
    cString(text, args, 0, Integer.MAX_VALUE);
    byte[] bytes = text.toByteArray();
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] >= 'a' && bytes[i] <= 'z') {
        bytes[i] -= 'a' - 'A';
      }
    }
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(bytes);
    ascii(whole, " HELP.");
    return withoutNewlines(whole.toByteArray());
  }

  /** {@code ERR wrong number of arguments for 'get' command}, with Redis' full name. */
  public static String wrongArity(String fullName) {
    return "ERR wrong number of arguments for '" + fullName + "' command";
  }

  /** What the proxy says of a command Redis has and the proxy does not serve. */
  public static String refused(String fullName, String reason) {
    return "ERR '" + fullName + "' is not served by the proxy: " + reason;
  }

  private static void cString(ByteArrayOutputStream out, Arguments args, int arg, int max) {
    int length = Math.min(args.length(arg), max);
    for (int i = 0; i < length; i++) {
      byte b = args.byteAt(arg, i);
      if (b == 0) {
        return;
      }
      out.write(b);
    }
  }

  /** As Redis does, so an error never ends early and desynchronises the client. */
  private static byte[] withoutNewlines(byte[] text) {
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '\r' || text[i] == '\n') {
        text[i] = ' ';
      }
    }
    return text;
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
