package io.redisproxy.proxy.resp;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments the way redis-cli and Redis do: spaces separate,
 * double quotes allow escapes ({@code \n}, {@code \xff}, ...), single quotes are literal.
 */
final class InlineSplitter {
  private InlineSplitter() {}

  static List<byte[]> split(ByteBuf in, int from, int to) {
    List<byte[]> words = new ArrayList<>();
    int i = from;
    while (true) {
      while (i < to && isSpace(in.getByte(i))) {
        i++;
      }
      if (i >= to) {
        return words;
      }
      ByteArrayOutputStream word = new ByteArrayOutputStream();
      byte quote = 0;
      while (i < to) {
        byte b = in.getByte(i);
        if (quote == 0) {
          if (isSpace(b)) {
            break;
          }
          if (b == '"' || b == '\'') {
            quote = b;
          } else {
            word.write(b);
          }
          i++;
        } else if (b == quote) {
          i++;
          if (i < to && !isSpace(in.getByte(i))) {
            throw new RespProtocolException("Protocol error: unbalanced quotes in request");
          }
          quote = 0;
          break;
        } else if (quote == '"' && b == '\\' && i + 1 < to) {
          i += unescape(in, i + 1, to, word);
        } else {
          word.write(b);
          i++;
        }
      }
      if (quote != 0) {
        throw new RespProtocolException("Protocol error: unbalanced quotes in request");
      }
      words.add(word.toByteArray());
    }
  }

  /** Writes the escaped byte at {@code at} and returns how many bytes the escape used. */
  private static int unescape(ByteBuf in, int at, int to, ByteArrayOutputStream word) {
    byte c = in.getByte(at);
    if (c == 'x' && at + 2 < to && isHex(in.getByte(at + 1)) && isHex(in.getByte(at + 2))) {
      word.write(
          Character.digit(in.getByte(at + 1), 16) * 16 + Character.digit(in.getByte(at + 2), 16));
      return 4;
    }
    switch (c) {
      case 'n' -> word.write('\n');
      case 'r' -> word.write('\r');
      case 't' -> word.write('\t');
      case 'b' -> word.write('\b');
      case 'a' -> word.write(7);
      default -> word.write(c);
    }
    return 2;
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
