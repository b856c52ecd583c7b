package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Test keys written back to back into one heap buffer, so that hashing many is cheap. */
final class KeySample {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789:_-.";

  private final List<String> keys;
  private final ByteBuf bytes;
  private final int[] starts;

  private KeySample(List<String> keys) {
    this.keys = List.copyOf(keys);
    this.starts = new int[keys.size() + 1];
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      starts[i] = all.length();
      all.append(keys.get(i));
    }
    starts[keys.size()] = all.length();
    this.bytes = Unpooled.wrappedBuffer(all.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** {@code count} keys of 1 to 40 bytes, the same ones for the same seed. */
  static KeySample random(int count, long seed) {
    Random random = new Random(seed);
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      char[] key = new char[1 + random.nextInt(40)];
      for (int c = 0; c < key.length; c++) {
        key[c] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      }
      keys.add(new String(key));
    }
    return new KeySample(keys);
  }

  static KeySample of(List<String> keys) {
    return new KeySample(keys);
  }

  /** Shard names in the style of primary addresses. */
  static List<String> shardNames(int count) {
    return IntStream.range(0, count).mapToObj(i -> "10.0." + i + ".7:6379").toList();
  }

  static ByteBuf ascii(String key) {
    return Unpooled.wrappedBuffer(key.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * {@code key} as the proxy reads it: a slice, with bytes on either side, of a direct buffer from
   * the default allocator. Release it after use.
   */
  static ByteBuf directSlice(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuf read = ByteBufAllocator.DEFAULT.directBuffer(bytes.length + 8);
    read.writeBytes(new byte[] {'{', 'x', '}', '*'}).writeBytes(bytes).writeBytes(new byte[] {'{'});
    ByteBuf slice = read.retainedSlice(4, bytes.length);
    read.release();
    return slice;
  }

  int size() {
    return keys.size();
  }

  String key(int i) {
    return keys.get(i);
  }

  /** Where key {@code i} starts, in this sample's buffer or in a copy made by {@link #copyTo}. */
  int start(int i) {
    return starts[i];
  }

  int length(int i) {
    return starts[i + 1] - starts[i];
  }

  /** Writes all keys, back to back, into an empty {@code target}. */
  ByteBuf copyTo(ByteBuf target) {
    return target.writeBytes(bytes, 0, bytes.readableBytes());
  }

  int shardOf(ShardSelector selector, int i) {
    return selector.shardOf(bytes, start(i), length(i));
  }

  /** The shard of every key. */
  int[] shards(ShardSelector selector) {
    int[] shards = new int[size()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = shardOf(selector, i);
    }
    return shards;
  }

  /** The name of every key's shard, for comparing selectors whose shards are listed differently. */
  String[] shardNames(ShardSelector selector, List<String> names) {
    int[] shards = shards(selector);
    String[] result = new String[shards.length];
    for (int i = 0; i < shards.length; i++) {
      result[i] = names.get(shards[i]);
    }
    return result;
  }

  /** Each shard's fraction of the keys. */
  List<Double> shares(ShardSelector selector) {
    int[] counts = new int[selector.shardCount()];
    for (int shard : shards(selector)) {
      counts[shard]++;
    }
    return IntStream.of(counts).mapToObj(count -> (double) count / size()).toList();
  }
}
