package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisExecutableTest {
  @TempDir Path tempDir;

  @Test
  void findsRedisServerOnThePath() throws IOException {
    Path empty = Files.createDirectory(tempDir.resolve("empty"));
    Path bin = Files.createDirectory(tempDir.resolve("bin"));
    Path binary = executable(bin.resolve("redis-server"));

    assertThat(RedisExecutable.locate(Map.of("PATH", empty + ":" + bin))).isEqualTo(binary);
  }

  @Test
  void redisServerVariableWinsOverThePath() throws IOException {
    Path bin = Files.createDirectory(tempDir.resolve("bin"));
    executable(bin.resolve("redis-server"));
    Path chosen = executable(tempDir.resolve("my-redis-server"));

    assertThat(RedisExecutable.locate(Map.of("PATH", bin.toString(), "REDIS_SERVER", "" + chosen)))
        .isEqualTo(chosen);
  }

  @Test
  void missingBinarySaysHowToInstallIt() {
    assertThatThrownBy(() -> RedisExecutable.locate(Map.of("PATH", tempDir.toString())))
        .isInstanceOf(RedisServerException.class)
        .hasMessageContaining(
            "redis-server not found: install it with `apt-get install -y redis-server"
                + " redis-tools`");
  }

  @Test
  void redisServerVariableMustNameAnExecutable() throws IOException {
    Path notExecutable = Files.createFile(tempDir.resolve("redis-server"));

    assertThatThrownBy(
            () -> RedisExecutable.locate(Map.of("REDIS_SERVER", notExecutable.toString())))
        .isInstanceOf(RedisServerException.class)
        .hasMessageContaining("REDIS_SERVER is set to '" + notExecutable + "'");
  }

  private static Path executable(Path path) throws IOException {
    return Files.createFile(
        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }
}
