package io.redisproxy.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void passwordsComeFromSecretFilesWithoutTheirFinalNewline() throws IOException {
    Path upstream = write("upstream-password", "up-secret\n");
    Path client = write("client-password", "client-secret");
    Path user = write("app-password", "app-secret\r\n");
    Path config =
        write(
            "proxy.yaml",
            """
            upstreams:
              - name: main
                auth: {username: proxy, passwordFile: %s}
                shards: [{primary: 127.0.0.1:7001}]
            auth:
              passwords: [inline]
              passwordFiles: [%s]
              users: [{name: app, passwordFile: %s}]
            """
                .formatted(upstream, client, user));

    ConfigLoader.Loaded loaded = ConfigLoader.load(config);

    assertThat(loaded.config().upstreams().get(0).auth().password()).isEqualTo("up-secret");
    assertThat(loaded.config().auth().passwords()).containsExactly("inline", "client-secret");
    assertThat(loaded.config().auth().users().get(0).password()).isEqualTo("app-secret");
    assertThat(loaded.secretFiles()).containsExactly(upstream, client, user);
  }

  @Test
  void unreadableOrDoubleSecretsAreNamedByTheirField() throws IOException {
    Path config =
        write(
            "proxy.yaml",
            """
            upstreams:
              - name: main
                auth: {password: x, passwordFile: %s}
                shards: [{primary: 127.0.0.1:7001}]
            auth:
              passwordFiles: [%s]
            """
                .formatted(dir.resolve("a"), dir.resolve("missing")));

    assertThatThrownBy(() -> ConfigLoader.load(config))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "upstreams[0].auth.passwordFile: give the password inline or in a file,"
                            + " not both",
                        "auth.passwordFiles[0]: cannot read "
                            + dir.resolve("missing")
                            + " (NoSuchFileException)"));
  }

  @Test
  void aMissingConfigFileSaysSo() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read config " + missing);
  }

  @Test
  void theWatcherReloadsWhenOnlyASecretFileChanges() throws IOException {
    Path secret = write("client-password", "first");
    Path config =
        write(
            "proxy.yaml",
            """
            upstreams: [{name: main, shards: [{primary: 127.0.0.1:7001}]}]
            auth: {passwordFiles: [%s]}
            """
                .formatted(secret));
    List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
    try (ConfigWatcher watcher =
        new ConfigWatcher(
            config, ConfigLoader.load(config), Duration.ofMillis(20), applied::add, r -> {})) {
      Files.writeString(secret, "rotated");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(applied)
                      .extracting(c -> c.auth().passwords())
                      .containsExactly(List.of("rotated")));
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }
}
