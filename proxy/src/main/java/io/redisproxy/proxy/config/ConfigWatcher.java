package io.redisproxy.proxy.config;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file and hands each valid new version to a consumer. It polls the content
 * rather than relying on file events, because Kubernetes updates a mounted ConfigMap by swapping a
 * symlink, which file-event APIs report unreliably. An invalid version is logged once, with its
 * problems, and the live config stays.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final Consumer<ProxyConfig> onChange;
  private final Consumer<String> onRejected;
  private final ScheduledExecutorService scheduler;
  private List<Path> secretFiles;
  private byte[] lastSeen;

  /**
   * Polls {@code file} (and the secret files {@code live} read) every {@code interval}. Valid
   * changes go to {@code onChange}; the reasons of rejected ones to {@code onRejected}.
   */
  public ConfigWatcher(
      Path file,
      ConfigLoader.Loaded live,
      Duration interval,
      Consumer<ProxyConfig> onChange,
      Consumer<String> onRejected) {
    this.file = file;
    this.secretFiles = live.secretFiles();
    this.lastSeen = ConfigLoader.fingerprint(file, secretFiles);
    this.onChange = onChange;
    this.onRejected = onRejected;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "redis-proxy-config-watcher");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void check() {
    byte[] now = ConfigLoader.fingerprint(file, secretFiles);
    if (Arrays.equals(now, lastSeen)) {
      return;
    }
    lastSeen = now;
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.load(file);
    } catch (ConfigException | UncheckedIOException e) {
      log.error("config {} rejected, the live config stays: {}", file, e.getMessage());
      onRejected.accept(e.getMessage());
      return;
    }
    // What was there before loading: a change written while the file loaded is seen next time.
    // The fingerprint of other secret files is unknown, and their next check loads again.
    lastSeen = loaded.secretFiles().equals(secretFiles) ? now : null;
    secretFiles = loaded.secretFiles();
    try {
      onChange.accept(loaded.config());
    } catch (RuntimeException e) {
      log.error("config {} could not be applied, the live config stays: {}", file, e.toString());
      onRejected.accept(e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
