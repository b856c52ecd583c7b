package io.redisproxy.operator.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/** {@code MIGRATE} of a batch of keys, KEYS form, without REPLACE. */
public final class Migrations {
  private Migrations() {}

  /**
   * Moves {@code keys} from {@code source} to {@code to}; a batch of large values may take longer
   * than other commands are given ({@code timeout}), so its reply may take {@code migrateTimeout}
   * more. Returns the reply ({@code OK} or {@code NOKEY}); an error reply is thrown.
   *
   * @param password what {@code to} requires, or null
   */
  public static String migrate(
      Jedis source,
      HostAndPort to,
      String password,
      List<byte[]> keys,
      Duration migrateTimeout,
      Duration timeout) {
    List<byte[]> args = new ArrayList<>(keys.size() + 8);
    args.add(bytes(to.getHost()));
    args.add(bytes(String.valueOf(to.getPort())));
    args.add(new byte[0]);
    args.add(bytes("0"));
    args.add(bytes(String.valueOf(migrateTimeout.toMillis())));
    if (password != null) {
      args.add(bytes("AUTH"));
      args.add(bytes(password));
    }
    args.add(bytes("KEYS"));
    args.addAll(keys);
    source.getConnection().setSoTimeout((int) migrateTimeout.plus(timeout).toMillis());
    try {
      Object reply = source.sendCommand(Protocol.Command.MIGRATE, args.toArray(byte[][]::new));
      return reply instanceof byte[] text ? new String(text, StandardCharsets.UTF_8) : "OK";
    } finally {
      source.getConnection().setSoTimeout((int) timeout.toMillis());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
