package io.redisproxy.operator.sharded;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redisproxy.operator.redis.ControlConnections;
import io.redisproxy.operator.redis.Migrations;
import io.redisproxy.proxy.config.ShardConfig;
import io.redisproxy.proxy.config.UpstreamConfig;
import io.redisproxy.proxy.route.StagedKeys;
import io.redisproxy.proxy.shard.ShardSelector;
import io.redisproxy.proxy.shard.ShardSelectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Moves the keys of a hash-sharded group to the shard its new list puts them on, for a bounded time
 * per step: it walks each previous shard with {@code SCAN} and {@code MIGRATE}s every key the new
 * list places elsewhere, in batches bounded in keys and in bytes, pausing between batches. It runs
 * once every proxy moves keys itself (phase {@code move}): no key lands on a previous shard any
 * more, so the keys to move only get fewer, and a pass that finds none left is the end.
 *
 * <p>A key the new shard has already gives way to it, as the proxies do (see the proxy's {@code
 * KeyMoveGate}): every write since the move began went to the new shard. A key larger than a batch
 * goes piece by piece ({@link LargeKeyCopy}), and one whose copy was interrupted starts again.
 */
public final class KeyMover {
  private static final Duration MIGRATE_TIMEOUT = Duration.ofSeconds(10);

  private final JedisClientConfig config;
  private final Duration timeout;
  private final String password;
  private final Settings settings;

  /**
   * How hard a move may press on the servers.
   *
   * @param keysPerBatch how many keys one {@code SCAN} page and one {@code MIGRATE} hold at most
   * @param bytesPerBatch how much memory (by {@code MEMORY USAGE}) one {@code MIGRATE} moves at
   *     most; a larger key goes alone
   * @param pause how long to wait between two batches
   * @param budget how long one step may go on
   */
  public record Settings(int keysPerBatch, long bytesPerBatch, Duration pause, Duration budget) {}

  /**
   * Where a move stands between steps: the previous shard being walked and its {@code SCAN} cursor,
   * how many misplaced keys this pass found so far, and how many keys the mover moved in all.
   */
  public record Position(int shard, String cursor, long foundInPass, long moved) {
    public static final Position START = new Position(0, "0", 0, 0);
  }

  /**
   * What one step came to.
   *
   * @param done whether a whole pass over the previous shards found no key to move
   */
  public record Progress(Position position, boolean done, long movedInStep) {}

  /**
   * @param password what the servers require (requirepass), or null
   * @param tls how to speak TLS to them, or null for plain TCP
   */
  public KeyMover(Duration timeout, String password, SSLSocketFactory tls, Settings settings) {
    this.config = ControlConnections.config(timeout, password, tls);
    this.timeout = timeout;
    this.password = password;
    this.settings = settings;
  }

  /**
   * Moves keys from where {@code upstream}'s previous shards were to where its shards are, from
   * {@code from} on, until the move is done or the budget is spent.
   *
   * @param primaries each shard's primary (host:port) by shard name, previous shards included
   */
  public Progress step(UpstreamConfig upstream, Map<String, String> primaries, Position from) {
    List<ShardConfig> previous = upstream.resharding().previousShards();
    List<String> names = upstream.shards().stream().map(ShardConfig::name).toList();
    ShardSelector selector = ShardSelectors.forUpstream(upstream);
    long deadline = System.nanoTime() + settings.budget().toNanos();
    Map<String, Jedis> connections = new HashMap<>();
    Position at = from.shard() < previous.size() ? from : Position.START;
    long movedBefore = at.moved();
    try {
      while (System.nanoTime() < deadline) {
        // First the keys proxies handed over: their requests wait for them.
        at = copyQueued(connections, previous, names, selector, primaries, at);
        String shardName = previous.get(at.shard()).name();
        Jedis source = connection(connections, address(primaries, shardName));
        ScanResult<byte[]> page =
            source.scan(at.cursor().getBytes(), new ScanParams().count(settings.keysPerBatch()));
        Map<String, List<byte[]>> misplaced = new LinkedHashMap<>();
        Map<String, List<byte[]>> interrupted = new LinkedHashMap<>();
        for (byte[] name : page.getResult()) {
          byte[] staged = StagedKeys.fromOutgoing(name);
          if (staged != null) {
            interrupted
                .computeIfAbsent(names.get(shardOf(selector, staged)), n -> new ArrayList<>())
                .add(staged);
          } else if (!StagedKeys.isReserved(name)) {
            String owner = names.get(shardOf(selector, name));
            if (!owner.equals(shardName)) {
              misplaced.computeIfAbsent(owner, n -> new ArrayList<>()).add(name);
            }
          }
        }
        long moved = at.moved();
        long found = at.foundInPass();
        for (Map.Entry<String, List<byte[]>> entry : interrupted.entrySet()) {
          LargeKeyCopy copy = largeKeyCopy(connections, source, primaries, entry.getKey());
          for (byte[] key : entry.getValue()) {
            copy.resume(key);
            moved++;
            found++;
          }
        }
        for (Map.Entry<String, List<byte[]>> entry : misplaced.entrySet()) {
          HostAndPort to = HostAndPort.from(address(primaries, entry.getKey()));
          Sorted sorted = sort(source, entry.getValue());
          for (byte[] key : sorted.large()) {
            rest();
            if (largeKeyCopy(connections, source, primaries, entry.getKey()).move(key)) {
              moved++;
            }
            found++;
          }
          for (List<byte[]> batch : sorted.batches()) {
            rest();
            moved += move(source, to, batch);
            found += batch.size();
          }
        }
        at = next(at, page.getCursor(), previous.size(), found, moved);
        if (at == null) {
          Position end = new Position(0, "0", 0, moved);
          return new Progress(end, true, moved - movedBefore);
        }
      }
      return new Progress(at, false, at.moved() - movedBefore);
    } finally {
      connections.values().forEach(Jedis::close);
    }
  }

  /**
   * Copies the keys on each previous shard's queue (see {@link StagedKeys}), which proxies renamed
   * for the mover instead of moving them whole; returns {@code at} with them counted.
   */
  private Position copyQueued(
      Map<String, Jedis> connections,
      List<ShardConfig> previous,
      List<String> names,
      ShardSelector selector,
      Map<String, String> primaries,
      Position at) {
    Position counted = at;
    for (ShardConfig shard : previous) {
      Jedis source = connection(connections, address(primaries, shard.name()));
      for (byte[] key : source.smembers(StagedKeys.queue())) {
        String owner = names.get(shardOf(selector, key));
        largeKeyCopy(connections, source, primaries, owner).resume(key);
        counted =
            new Position(
                counted.shard(), counted.cursor(), counted.foundInPass() + 1, counted.moved() + 1);
      }
    }
    return counted;
  }

  /**
   * The position after a page: on in the shard, on to the next one, a new pass, or null once a
   * whole pass found nothing to move.
   */
  static Position next(Position at, String cursor, int shards, long found, long moved) {
    if (!cursor.equals("0")) {
      return new Position(at.shard(), cursor, found, moved);
    }
    if (at.shard() + 1 < shards) {
      return new Position(at.shard() + 1, "0", found, moved);
    }
    return found == 0 ? null : new Position(0, "0", 0, moved);
  }

  /**
   * Keys larger than a batch that go piece by piece, and the others in batches of at most so many
   * keys and bytes.
   */
  private record Sorted(List<byte[]> large, List<List<byte[]>> batches) {}

  private Sorted sort(Jedis source, List<byte[]> keys) {
    if (settings.bytesPerBatch() <= 0) {
      return new Sorted(List.of(), KeyBatches.split(keys, List.of(), settings.keysPerBatch(), 0));
    }
    Pipeline pipeline = source.pipelined();
    List<Response<Long>> usage = new ArrayList<>(keys.size());
    List<Response<String>> types = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      usage.add(pipeline.memoryUsage(key));
      types.add(pipeline.type(key));
    }
    pipeline.sync();
    String version = null;
    List<byte[]> large = new ArrayList<>();
    List<byte[]> rest = new ArrayList<>(keys.size());
    List<Long> sizes = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      Long bytes = usage.get(i).get();
      long size = bytes != null ? bytes : 0L;
      if (size > settings.bytesPerBatch()) {
        version = version != null ? version : serverVersion(source);
        if (LargeKeyCopy.inPieces(types.get(i).get(), version)) {
          large.add(keys.get(i));
          continue;
        }
      }
      rest.add(keys.get(i));
      sizes.add(size);
    }
    return new Sorted(
        large, KeyBatches.split(rest, sizes, settings.keysPerBatch(), settings.bytesPerBatch()));
  }

  private static String serverVersion(Jedis server) {
    return server
        .info("server")
        .lines()
        .filter(line -> line.startsWith("redis_version:"))
        .map(line -> line.substring("redis_version:".length()).trim())
        .findFirst()
        .orElse("0");
  }

  private LargeKeyCopy largeKeyCopy(
      Map<String, Jedis> connections, Jedis source, Map<String, String> primaries, String shard) {
    Jedis target = connection(connections, address(primaries, shard));
    return new LargeKeyCopy(source, target, settings.bytesPerBatch(), settings.pause());
  }

  private void rest() {
    if (!settings.pause().isZero()) {
      LockSupport.parkNanos(settings.pause().toNanos());
    }
  }

  /**
   * One batch; returns how many of its keys were still here to move. Keys the target has already
   * stay there and their copies here are deleted.
   */
  private long move(Jedis source, HostAndPort to, List<byte[]> batch) {
    try {
      String reply = Migrations.migrate(source, to, password, batch, MIGRATE_TIMEOUT, timeout);
      return reply.equals("NOKEY") ? 0 : batch.size();
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYKEY")) {
        throw e;
      }
      source.unlink(batch.toArray(byte[][]::new));
      return batch.size();
    }
  }

  private static int shardOf(ShardSelector selector, byte[] key) {
    ByteBuf buf = Unpooled.wrappedBuffer(key);
    return selector.shardOf(buf, 0, key.length);
  }

  private static String address(Map<String, String> primaries, String shard) {
    String address = primaries.get(shard);
    if (address == null) {
      throw new IllegalStateException("no primary is known for shard '" + shard + "'");
    }
    return address;
  }

  private Jedis connection(Map<String, Jedis> connections, String address) {
    return connections.computeIfAbsent(address, a -> new Jedis(HostAndPort.from(a), config));
  }
}
