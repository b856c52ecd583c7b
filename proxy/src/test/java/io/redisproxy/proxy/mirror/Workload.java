package io.redisproxy.proxy.mirror;

import io.redisproxy.testkit.RespSocket;

/** Writes of every kind whose text alone would not reproduce them on a mirror, and plain ones. */
final class Workload {
  private Workload() {}

  /**
   * {@code rounds} rounds of writes to keys under {@code prefix}; each round about 20 commands.
   * Every expiry lies an hour or more ahead, so that no key expires between reading one region and
   * the other, however slowly a loaded machine runs the test.
   */
  static void mixed(RespSocket client, String prefix, int rounds) {
    for (int i = 0; i < rounds; i++) {
      String p = prefix + ":";
      client.command("SET", p + "s:" + i, "v" + i);
      client.command("SET", p + "ex:" + i, "v", "EX", "3600");
      client.command("SET", p + "nx:" + (i % 10), "first-" + i, "NX");
      client.command("SETEX", p + "setex:" + i, "7200", "v");
      client.command("EXPIRE", p + "s:" + i, "4000");
      client.command("INCR", p + "counter:" + (i % 5));
      client.command("INCRBYFLOAT", p + "float", "0.1");
      client.command("HSET", p + "h:" + (i % 10), "f" + i, String.valueOf(i));
      client.command("HINCRBY", p + "h:" + (i % 10), "n", "2");
      client.command("SADD", p + "set", "m" + i, "n" + i);
      client.command("SPOP", p + "set");
      client.command("ZADD", p + "z", String.valueOf(i), "m" + i);
      client.command("ZINCRBY", p + "z", "1.5", "m0");
      client.command("RPUSH", p + "list", "e" + i);
      client.command("XADD", p + "stream", "*", "n", String.valueOf(i));
      client.command("XADD", p + "capped", "MAXLEN", "10", "*", "n", String.valueOf(i));
      client.command("GETEX", p + "ex:" + i, "PX", "5000000");
      if (i % 7 == 0) {
        client.command("DEL", p + "s:" + i);
      }
      client.command("MULTI");
      client.command("INCR", "{" + p + "tx}");
      client.command("SET", "{" + p + "tx}:last", String.valueOf(i), "PX", "6000000");
      client.command("EXEC");
    }
  }
}
