package io.redisproxy.proxy;

import io.redisproxy.proxy.config.ConfigCodec;
import io.redisproxy.proxy.config.ConfigException;
import io.redisproxy.proxy.config.ConfigLoader;
import io.redisproxy.proxy.config.ConfigWatcher;
import io.redisproxy.proxy.net.Transport;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar redis-proxy.jar --config proxy.yaml}: serves the config, reloads it when the
 * file changes, and shuts down gracefully on SIGTERM. {@code --validate} only checks the file;
 * {@code --transport} picks the socket I/O (default {@code auto}: io_uring, else epoll, else NIO).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final String USAGE =
      "usage: java -jar redis-proxy.jar --config <proxy.yaml> [--validate] [--transport <"
          + Transport.CHOICES.replace(", ", "|")
          + ">]";

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    // Buffer ownership is checked by the test suite under paranoid leak detection; in production
    // the sampling costs about a tenth of pipelined throughput.
    // -Dio.netty.leakDetection.level=simple
    // turns it back on for diagnosis.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
    Path configFile = null;
    boolean validateOnly = false;
    String transportName = Transport.AUTO;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "-c" -> configFile = i + 1 < args.length ? Path.of(args[++i]) : null;
        case "--validate" -> validateOnly = true;
        case "--transport" -> transportName = i + 1 < args.length ? args[++i] : "";
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> exit("unknown argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (configFile == null) {
      exit(USAGE);
    }
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.load(configFile);
    } catch (UncheckedIOException e) {
      exit(e.getMessage());
      return;
    } catch (ConfigException e) {
      exit("invalid config " + configFile + ":\n  " + String.join("\n  ", e.problems()));
      return;
    }
    if (validateOnly) {
      String hash = ConfigCodec.hash(loaded.config());
      System.out.println("config " + configFile + " is valid (" + hash + ")");
      return;
    }
    Transport transport;
    try {
      transport = Transport.named(transportName);
    } catch (RuntimeException e) {
      exit("cannot start: " + e.getMessage());
      return;
    }
    run(configFile, loaded, transport);
  }

  private static void run(Path configFile, ConfigLoader.Loaded loaded, Transport transport)
      throws InterruptedException {
    ProxyApp app;
    try {
      app = ProxyApp.start(loaded.config(), transport);
    } catch (RuntimeException e) {
      exit("cannot start: " + e.getMessage());
      return;
    }
    ConfigWatcher watcher =
        new ConfigWatcher(configFile, loaded, Duration.ofSeconds(1), app::reload, app::rejected);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: finishing requests in flight");
                  watcher.close();
                  app.close();
                  stopped.countDown();
                },
                "redis-proxy-shutdown"));
    stopped.await();
  }

  private static void exit(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
