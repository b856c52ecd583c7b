package io.redisproxy.proxy.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the config file and the secret files it names ({@code passwordFile}, {@code passwordFiles},
 * as Kubernetes mounts Secrets), then validates the whole. The fingerprint covers the config and
 * every secret file, so the watcher also notices a rotated secret.
 */
public final class ConfigLoader {
  /** A loaded config and the secret files it read. */
  public record Loaded(ProxyConfig config, List<Path> secretFiles) {}

  private final List<String> problems = new ArrayList<>();
  private final List<Path> secretFiles = new ArrayList<>();

  private ConfigLoader() {}

  /**
   * Throws {@link ConfigException} naming every problem, secret files included, and {@link
   * UncheckedIOException} when the config file itself cannot be read.
   */
  public static Loaded load(Path file) {
    return new ConfigLoader().loadFile(file);
  }

  private Loaded loadFile(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config " + file + ": " + e, e);
    }
    ProxyConfig config =
        withSecrets(ConfigCodec.decode(new String(content, StandardCharsets.UTF_8)));
    List<String> all = new ArrayList<>(problems);
    all.addAll(ConfigValidator.problems(config));
    if (!all.isEmpty()) {
      throw new ConfigException(all);
    }
    return new Loaded(config, List.copyOf(secretFiles));
  }

  /**
   * The bytes of the config file and of {@code secretFiles}, cheap to compare: a change in any of
   * them means the config must be loaded again. A file that cannot be read counts as empty (a
   * Kubernetes volume swap can briefly hide one).
   */
  public static byte[] fingerprint(Path file, List<Path> secretFiles) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(readOrEmpty(file));
    for (Path secret : secretFiles) {
      bytes.write(0);
      bytes.writeBytes(readOrEmpty(secret));
    }
    return bytes.toByteArray();
  }

  private static byte[] readOrEmpty(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private SentinelConfig withSecret(int upstream, SentinelConfig sentinel) {
    if (sentinel == null) {
      return null;
    }
    UpstreamConfig.UpstreamAuth auth = sentinel.auth();
    String password =
        secret(
            "upstreams[" + upstream + "].sentinel.auth.passwordFile",
            auth.password(),
            auth.passwordFile());
    return new SentinelConfig(
        sentinel.addresses(),
        new UpstreamConfig.UpstreamAuth(auth.username(), password, auth.passwordFile()),
        sentinel.refreshInterval());
  }

  private ProxyConfig withSecrets(ProxyConfig config) {
    List<UpstreamConfig> upstreams = new ArrayList<>();
    for (int i = 0; i < config.upstreams().size(); i++) {
      UpstreamConfig u = config.upstreams().get(i);
      if (u == null) {
        upstreams.add(null);
        continue;
      }
      if (u.tls() != null) {
        tlsFile("upstreams[" + i + "].tls.caFile", u.tls().caFile());
      }
      UpstreamConfig.UpstreamAuth auth = u.auth();
      String password =
          secret("upstreams[" + i + "].auth.passwordFile", auth.password(), auth.passwordFile());
      upstreams.add(
          new UpstreamConfig(
              u.name(),
              u.hashing(),
              u.maglevTableSize(),
              u.hashTags(),
              u.readPolicy(),
              u.connectionsPerNode(),
              new UpstreamConfig.UpstreamAuth(auth.username(), password, auth.passwordFile()),
              u.shards(),
              u.cluster(),
              u.failover(),
              u.tls(),
              withSecret(i, u.sentinel()),
              u.flushDelay(),
              u.resharding()));
    }
    if (config.tls() != null) {
      tlsFile("tls.certFile", config.tls().certFile());
      tlsFile("tls.keyFile", config.tls().keyFile());
    }
    AuthConfig auth = config.auth();
    List<String> passwords = new ArrayList<>(auth.passwords());
    for (int i = 0; i < auth.passwordFiles().size(); i++) {
      String password = secret("auth.passwordFiles[" + i + "]", null, auth.passwordFiles().get(i));
      if (password != null) {
        passwords.add(password);
      }
    }
    List<AuthConfig.User> users = new ArrayList<>();
    for (int i = 0; i < auth.users().size(); i++) {
      AuthConfig.User user = auth.users().get(i);
      users.add(
          user == null
              ? null
              : new AuthConfig.User(
                  user.name(),
                  secret(
                      "auth.users[" + i + "].passwordFile", user.password(), user.passwordFile()),
                  user.passwordFile()));
    }
    return new ProxyConfig(
        config.listen(),
        config.admin(),
        config.ioThreads(),
        upstreams,
        config.routes(),
        config.timeouts(),
        config.limits(),
        new AuthConfig(passwords, auth.passwordFiles(), users),
        config.mirroring(),
        config.tls());
  }

  /**
   * The inline password, or the content of {@code file} without its final newline; {@code field}
   * names the file's field in problems.
   */
  /** A certificate or key file: it must be readable now, and a change of it reloads. */
  private void tlsFile(String field, String file) {
    if (file == null) {
      return;
    }
    Path path = Path.of(file);
    secretFiles.add(path);
    if (!Files.isReadable(path)) {
      problems.add(field + ": cannot read " + file);
    }
  }

  private String secret(String field, String inline, String file) {
    if (file == null) {
      return inline;
    }
    if (inline != null) {
      problems.add(field + ": give the password inline or in a file, not both");
      return inline;
    }
    try {
      Path path = Path.of(file);
      secretFiles.add(path);
      byte[] bytes = Files.readAllBytes(path);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.endsWith("\r\n")
          ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException | RuntimeException e) {
      problems.add(field + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      return null;
    }
  }
}
