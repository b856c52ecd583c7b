package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redisproxy.proxy.config.Primes;
import io.redisproxy.proxy.config.UpstreamConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size M in which
 * every shard owns M/n entries, give or take one, so shards get near-equal shares of the keys; when
 * a shard is added or removed, most keys stay where they were. A key's shard is one XXH64 and one
 * array read. Up to 256 shards the table holds a byte per entry: a lookup lands at random in it,
 * and a quarter of the memory keeps four times as much of it in the CPU's caches.
 */
public final class Maglev implements ShardSelector {
  // Distinct seeds keep a shard's offset, its skip and the key hashes independent of each other.
  private static final long OFFSET_SEED = 1;
  private static final long SKIP_SEED = 2;

  private static final int BYTE_TABLE_SHARDS = 256;

  private final byte[] byteTable;
  private final int[] intTable;
  private final int tableSize;
  private final int shardCount;

  /** A selector with the default table size, {@link UpstreamConfig#DEFAULT_MAGLEV_TABLE_SIZE}. */
  public Maglev(List<String> shardNames) {
    this(shardNames, UpstreamConfig.DEFAULT_MAGLEV_TABLE_SIZE);
  }

  /**
   * Builds the lookup table for {@code shardNames}. {@code tableSize} must be a prime, since every
   * shard's permutation must visit all entries, and not less than the number of shards.
   */
  public Maglev(List<String> shardNames, int tableSize) {
    ShardNames.check(shardNames);
    if (!Primes.isPrime(tableSize) || tableSize < shardNames.size()) {
      throw new IllegalArgumentException(
          "The Maglev table size must be a prime no smaller than the number of shards ("
              + shardNames.size()
              + "), but it is "
              + tableSize
              + ". The default, "
              + UpstreamConfig.DEFAULT_MAGLEV_TABLE_SIZE
              + ", is a prime.");
    }
    int[] table = populate(shardNames, tableSize);
    this.shardCount = shardNames.size();
    this.tableSize = tableSize;
    this.byteTable = shardCount <= BYTE_TABLE_SHARDS ? narrow(table) : null;
    this.intTable = byteTable == null ? table : null;
  }

  @Override
  public int shardOf(ByteBuf buf, int index, int length) {
    int entry = (int) Long.remainderUnsigned(XxHash64.hash(buf, index, length), tableSize);
    return byteTable != null ? byteTable[entry] & 0xFF : intTable[entry];
  }

  @Override
  public int shardCount() {
    return shardCount;
  }

  /**
   * Shards take turns claiming the next free entry of their own permutation of the table, entry
   * {@code (offset + j * skip) mod M} for j = 0, 1, ..., until the table is full. Turns go in name
   * order so that the table does not depend on how the config lists the shards.
   */
  private static int[] populate(List<String> names, int size) {
    int[] turns = ShardNames.byName(names);
    int[] next = new int[turns.length];
    int[] skip = new int[turns.length];
    for (int turn = 0; turn < turns.length; turn++) {
      ByteBuf name = Unpooled.wrappedBuffer(ShardNames.bytes(names.get(turns[turn])));
      int length = name.readableBytes();
      long offsetHash = XxHash64.hash(name, 0, length, OFFSET_SEED);
      long skipHash = XxHash64.hash(name, 0, length, SKIP_SEED);
      next[turn] = (int) Long.remainderUnsigned(offsetHash, size);
      skip[turn] = (int) Long.remainderUnsigned(skipHash, size - 1) + 1;
    }
    int[] table = new int[size];
    Arrays.fill(table, -1);
    int filled = 0;
    while (true) {
      for (int turn = 0; turn < turns.length; turn++) {
        int entry = next[turn];
        while (table[entry] >= 0) {
          entry = advance(entry, skip[turn], size);
        }
        table[entry] = turns[turn];
        next[turn] = advance(entry, skip[turn], size);
        if (++filled == size) {
          return table;
        }
      }
    }
  }

  private static byte[] narrow(int[] table) {
    byte[] bytes = new byte[table.length];
    for (int i = 0; i < table.length; i++) {
      bytes[i] = (byte) table[i];
    }
    return bytes;
  }

  private static int advance(int entry, int skip, int size) {
    int following = entry + skip;
    return following >= size ? following - size : following;
  }
}
