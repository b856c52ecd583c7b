package io.redisproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KillOnExitIT {
  private static final Pattern STARTED = Pattern.compile("started pid=(\\d+) port=(\\d+)");

  @Test
  void crashedTestJvmLeavesNoServerBehind() throws Exception {
    Path console = Files.createTempFile("crashing-test-jvm", ".log");
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPathOf(RedisServer.class)
                    + File.pathSeparator
                    + classPathOf(CrashingTestMain.class),
                CrashingTestMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    boolean exited = jvm.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      // SIGTERM, so the stuck JVM's own shutdown hook still cleans up its server.
      jvm.destroy();
    }
    assertThat(exited).as("the crashing JVM exits").isTrue();
    String output = Files.readString(console, StandardCharsets.UTF_8);
    Files.delete(console);

    Matcher started = STARTED.matcher(output);
    assertThat(started.find()).as("the JVM started a server; its output:%n%s", output).isTrue();
    assertThat(output).contains("simulated test crash");
    long pid = Long.parseLong(started.group(1));
    int port = Integer.parseInt(started.group(2));

    boolean leftBehind = RedisServer.isProcessAlive(pid);
    // A failing run must not leak the very process it reports.
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(leftBehind).as("redis-server pid %d is still running", pid).isFalse();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  private static String classPathOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
