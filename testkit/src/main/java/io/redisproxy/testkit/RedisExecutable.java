package io.redisproxy.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the redis-server binary: {@code $REDIS_SERVER} if set, else the first on the PATH. */
final class RedisExecutable {
  private static final String NAME = "redis-server";

  private RedisExecutable() {}

  static Path locate() {
    return locate(System.getenv());
  }

  static Path locate(Map<String, String> env) {
    String configured = env.get("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (isExecutableFile(path)) {
        return path;
      }
      throw new RedisServerException(
          "REDIS_SERVER is set to '"
              + configured
              + "', which is not an executable file: point it at redis-server or unset it.");
    }
    String searchPath = env.getOrDefault("PATH", "");
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, NAME);
        if (isExecutableFile(candidate)) {
          return candidate;
        }
      }
    }
    throw new RedisServerException(
        "redis-server not found: install it with `apt-get install -y redis-server redis-tools`"
            + " or set REDIS_SERVER to its path.");
  }

  private static boolean isExecutableFile(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
