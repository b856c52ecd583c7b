package io.redisproxy.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A group of independent servers started in parallel and closed together, such as 3 shards. */
public final class RedisServers implements AutoCloseable, Iterable<RedisServer> {
  private final List<RedisServer> servers;

  private RedisServers(List<RedisServer> servers) {
    this.servers = List.copyOf(servers);
  }

  public static RedisServers start(int count) {
    return start(count, RedisServer.Options.defaults());
  }

  /**
   * Starts {@code count} servers with the same options, each on its own free port. If any fails,
   * the others are closed and the first failure is thrown.
   */
  public static RedisServers start(int count, RedisServer.Options options) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, not " + count);
    }
    if (count > 1 && options.port() != 0) {
      throw new IllegalArgumentException(
          "Servers in a group need ports of their own: leave Options.port at 0.");
    }
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<RedisServer>> starting = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        starting.add(pool.submit(() -> RedisServer.start(options)));
      }
      return collect(starting);
    } finally {
      pool.shutdown();
    }
  }

  /** Waits for every start, each bounded by its own timeout, so none is left running unowned. */
  private static RedisServers collect(List<Future<RedisServer>> starting) {
    List<RedisServer> started = new ArrayList<>();
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<RedisServer> future : starting) {
      while (true) {
        try {
          started.add(future.get());
          break;
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new RedisServerException(e.getCause().getMessage(), e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      new RedisServers(started).closeInto(failure);
      throw failure;
    }
    return new RedisServers(started);
  }

  public RedisServer get(int index) {
    return servers.get(index);
  }

  public int size() {
    return servers.size();
  }

  public List<RedisServer> list() {
    return servers;
  }

  /** Each server's {@code host:port}, in order. */
  public List<String> addresses() {
    return servers.stream().map(RedisServer::address).toList();
  }

  @Override
  public Iterator<RedisServer> iterator() {
    return servers.iterator();
  }

  /** Closes every server, even when closing one of them fails. */
  @Override
  public void close() {
    RedisServerException failure = new RedisServerException("Some servers did not close cleanly");
    closeInto(failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private void closeInto(RuntimeException failure) {
    for (RedisServer server : servers) {
      try {
        server.close();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
