package io.redisproxy.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JVM shutdown hook that kills every server still running, so a test that crashes or forgets to
 * close a server leaves no redis-server process behind.
 */
final class KillOnExit {
  private static final Set<RedisServer> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(KillOnExit::killAll, "redis-testkit-kill-on-exit"));
  }

  private KillOnExit() {}

  static void register(RedisServer server) {
    OPEN.add(server);
  }

  static void unregister(RedisServer server) {
    OPEN.remove(server);
  }

  private static void killAll() {
    for (RedisServer server : OPEN) {
      server.killOnExit();
    }
  }
}
