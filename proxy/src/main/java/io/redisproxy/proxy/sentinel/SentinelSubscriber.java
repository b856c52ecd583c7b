package io.redisproxy.proxy.sentinel;

import io.redisproxy.proxy.client.RespClient;
import io.redisproxy.proxy.config.HostPort;
import io.redisproxy.proxy.config.SentinelConfig;
import io.redisproxy.proxy.config.UpstreamTls;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to one sentinel's announcements on a thread of its own and asks for a refresh whenever a
 * primary switches or a server goes down or comes back, and after every reconnect; a promoted
 * replica is passed on at once, before the sentinels switch to it (what it said while the link was
 * down is not replayed). A link quiet for long is opened again, so one that died silently is
 * noticed.
 */
final class SentinelSubscriber {
  private static final Logger log = LoggerFactory.getLogger(SentinelSubscriber.class);
  private static final List<String> EVENTS =
      List.of(
          "+switch-master",
          "+promoted-slave",
          "+sdown",
          "-sdown",
          "+odown",
          "+slave",
          "+convert-to-slave");
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2000;

  private final HostPort address;
  private final SentinelConfig sentinel;
  private final UpstreamTls tls;
  private final Duration timeout;
  private final Duration quiet;
  private final Runnable refresh;
  private final Consumer<SentinelReplies.Promotion> promoted;
  private final Thread thread;
  private volatile RespClient client;
  private volatile boolean closed;

  SentinelSubscriber(
      HostPort address,
      SentinelConfig sentinel,
      UpstreamTls tls,
      Duration timeout,
      Runnable refresh,
      Consumer<SentinelReplies.Promotion> promoted) {
    this.address = address;
    this.sentinel = sentinel;
    this.tls = tls;
    this.timeout = timeout;
    this.quiet = sentinel.refreshInterval().multipliedBy(5).plus(timeout);
    this.refresh = refresh;
    this.promoted = promoted;
    this.thread = new Thread(this::run, "redis-proxy-sentinel-" + address);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    boolean lost = false;
    while (!closed) {
      try (RespClient connected =
          RespClient.connect(address.host(), address.port(), timeout, tls)) {
        client = connected;
        connected.auth(sentinel.auth());
        connected.send(subscribe());
        for (int i = 0; i < EVENTS.size(); i++) {
          connected.next();
        }
        if (lost) {
          refresh.run();
        }
        lost = false;
        backoff = MIN_BACKOFF_MILLIS;
        connected.readTimeout(quiet);
        while (!closed) {
          SentinelReplies.Promotion promotion = SentinelReplies.promotion(connected.next());
          if (promotion != null) {
            promoted.accept(promotion);
          }
          refresh.run();
        }
      } catch (SocketTimeoutException e) {
        // Quiet for long: open the link again, at once.
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (!lost) {
          log.warn("sentinel {}: {}; reconnecting", address, e.getMessage());
        }
        lost = true;
        pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private static String[] subscribe() {
    String[] command = new String[EVENTS.size() + 1];
    command[0] = "SUBSCRIBE";
    for (int i = 0; i < EVENTS.size(); i++) {
      command[i + 1] = EVENTS.get(i);
    }
    return command;
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Stops listening: closes the link, which ends a read in progress. */
  void close() {
    closed = true;
    thread.interrupt();
    RespClient current = client;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // Closing is all that was wanted.
      }
    }
  }
}
