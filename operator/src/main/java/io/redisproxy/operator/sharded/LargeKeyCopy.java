package io.redisproxy.operator.sharded;

import io.redisproxy.proxy.route.StagedKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Moves one key larger than a batch from its previous shard to its new one piece by piece, so that
 * neither server spends longer on it at once than on a batch ({@code MIGRATE} of a hash of a
 * million fields holds both servers for about a second). The key is first renamed to its outgoing
 * name on the previous shard (see {@link StagedKeys}): the proxies wait on it from then on, and
 * nothing writes it, so the pieces read there make a consistent copy. The copy grows under its
 * incoming name on the new shard, gets the key's remaining TTL and takes the key's name; only then
 * is the original deleted. A copy interrupted at any point starts again from the outgoing name.
 *
 * <p>Hashes, sets, sorted sets, lists and strings go piece by piece; other types (streams, module
 * types) and, on servers that may hold hash fields with TTLs of their own (Redis 7.4 and later),
 * hashes go whole with {@code MIGRATE}.
 */
final class LargeKeyCopy {
  private static final int MAX_ELEMENTS_PER_PIECE = 100_000;

  private final Jedis source;
  private final Jedis target;
  private final long bytesPerPiece;
  private final Duration pause;

  LargeKeyCopy(Jedis source, Jedis target, long bytesPerPiece, Duration pause) {
    this.source = source;
    this.target = target;
    this.bytesPerPiece = bytesPerPiece;
    this.pause = pause;
  }

  /** Whether a key of {@code type} on a server of {@code version} goes piece by piece. */
  static boolean inPieces(String type, String version) {
    return switch (type) {
      case "set", "zset", "list", "string" -> true;
      case "hash" -> !fieldTtls(version);
      default -> false;
    };
  }

  private static boolean fieldTtls(String version) {
    String[] parts = version.split("\\.");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    return major > 7 || major == 7 && minor >= 4;
  }

  /**
   * Moves {@code key}; false when it was not there (moved by a proxy meanwhile, or expired). A key
   * the new shard has already stays there, and the one here is deleted, as {@link KeyMover} does.
   */
  boolean move(byte[] key) {
    if (target.exists(key)) {
      source.unlink(key);
      return true;
    }
    try {
      if (source.renamenx(key, StagedKeys.outgoing(key)) == 0) {
        throw new IllegalStateException(
            "a key and its outgoing name are both on the previous shard: the outgoing name is"
                + " reserved for keys being moved");
      }
    } catch (JedisDataException e) {
      if (e.getMessage() != null && e.getMessage().contains("no such key")) {
        return false;
      }
      throw e;
    }
    copy(key);
    return true;
  }

  /**
   * Copies {@code key} from its outgoing name: an earlier copy was interrupted, or a proxy renamed
   * it so and queued it; then takes it off the queue.
   */
  void resume(byte[] key) {
    copy(key);
    source.srem(StagedKeys.queue(), key);
  }

  private void copy(byte[] key) {
    byte[] from = StagedKeys.outgoing(key);
    byte[] into = StagedKeys.incoming(key);
    if (target.exists(key)) {
      // The copy had taken the key's name when it was interrupted; or the new shard's is newer.
      target.unlink(into);
      source.unlink(from);
      return;
    }
    // UNLINK: freeing a large key is itself slow, so the server does it in the background.
    target.unlink(into);
    String type = source.type(from);
    Long size = source.memoryUsage(from);
    long bytes = size != null ? Math.max(size, 1) : 1;
    switch (type) {
      case "hash" -> copyHash(from, into, perPiece(source.hlen(from), bytes));
      case "set" -> copySet(from, into, perPiece(source.scard(from), bytes));
      case "zset" -> copySortedSet(from, into, perPiece(source.zcard(from), bytes));
      case "list" -> copyList(from, into, perPiece(source.llen(from), bytes));
      case "string" -> copyString(from, into);
      case "none" -> {
        // Expired while it waited.
        return;
      }
      default -> throw new IllegalStateException("cannot copy a " + type + " piece by piece");
    }
    long ttl = source.pttl(from);
    if (ttl == -2) {
      target.unlink(into);
      return;
    }
    if (ttl > 0) {
      target.pexpire(into, ttl);
    }
    if (target.renamenx(into, key) == 0) {
      // Cannot happen while the proxies wait on the outgoing name; if it did, theirs is newer.
      target.unlink(into);
    }
    source.unlink(from);
  }

  /** Elements in a piece of about {@code bytesPerPiece} of a key of so many elements and bytes. */
  private int perPiece(long elements, long bytes) {
    long count = elements * bytesPerPiece / bytes;
    return (int) Math.max(1, Math.min(count, MAX_ELEMENTS_PER_PIECE));
  }

  private void copyHash(byte[] from, byte[] into, int count) {
    ScanParams params = new ScanParams().count(count);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<Map.Entry<byte[], byte[]>> page = source.hscan(from, cursor, params);
      if (!page.getResult().isEmpty()) {
        Map<byte[], byte[]> fields = new HashMap<>();
        page.getResult().forEach(field -> fields.put(field.getKey(), field.getValue()));
        target.hset(into, fields);
      }
      cursor = page.getCursorAsBytes();
      rest();
    } while (!ended(cursor));
  }

  private void copySet(byte[] from, byte[] into, int count) {
    ScanParams params = new ScanParams().count(count);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> page = source.sscan(from, cursor, params);
      if (!page.getResult().isEmpty()) {
        target.sadd(into, page.getResult().toArray(byte[][]::new));
      }
      cursor = page.getCursorAsBytes();
      rest();
    } while (!ended(cursor));
  }

  private void copySortedSet(byte[] from, byte[] into, int count) {
    ScanParams params = new ScanParams().count(count);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<Tuple> page = source.zscan(from, cursor, params);
      if (!page.getResult().isEmpty()) {
        Map<byte[], Double> members = new LinkedHashMap<>();
        page.getResult()
            .forEach(member -> members.put(member.getBinaryElement(), member.getScore()));
        target.zadd(into, members);
      }
      cursor = page.getCursorAsBytes();
      rest();
    } while (!ended(cursor));
  }

  private void copyList(byte[] from, byte[] into, int count) {
    long length = source.llen(from);
    for (long start = 0; start < length; start += count) {
      List<byte[]> piece = source.lrange(from, start, start + count - 1);
      if (!piece.isEmpty()) {
        target.rpush(into, piece.toArray(byte[][]::new));
      }
      rest();
    }
  }

  private void copyString(byte[] from, byte[] into) {
    long length = source.strlen(from);
    long piece = Math.max(1, bytesPerPiece);
    for (long start = 0; start < length; start += piece) {
      target.append(into, source.getrange(from, start, Math.min(length, start + piece) - 1));
      rest();
    }
  }

  /** Whether a scan's cursor says the walk is over. */
  private static boolean ended(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }

  private void rest() {
    if (!pause.isZero()) {
      LockSupport.parkNanos(pause.toNanos());
    }
  }
}
