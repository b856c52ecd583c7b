package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ketama ring of libketama, memcached clients and twemproxy with MD5 key hashing, so a proxy
 * can take over data those placed. Every shard (all weigh the same) has 160 points: four from each
 * MD5 digest of {@code "<name>-0"} to {@code "<name>-39"}. A key belongs to the first point at or
 * after the first word of its own MD5, wrapping around the ring.
 *
 * <p>Each lookup costs one MD5 of the key; see {@link Md5Points} for how that stays
 * allocation-free.
 */
public final class Ketama implements ShardSelector {
  private static final int DIGESTS_PER_SHARD = 40;

  /** Ring points in ascending order; {@code owners[i]} is the shard of {@code points[i]}. */
  private final long[] points;

  private final int[] owners;
  private final int shardCount;

  public Ketama(List<String> shardNames) {
    ShardNames.check(shardNames);
    this.shardCount = shardNames.size();
    List<RingPoint> ring = ring(shardNames);
    this.points = ring.stream().mapToLong(RingPoint::point).toArray();
    this.owners = ring.stream().mapToInt(RingPoint::shard).toArray();
  }

  @Override
  public int shardOf(ByteBuf buf, int index, int length) {
    int at = firstAtOrAfter(Md5Points.keyPoint(buf, index, length));
    return owners[at == points.length ? 0 : at];
  }

  @Override
  public int shardCount() {
    return shardCount;
  }

  private int firstAtOrAfter(long point) {
    int low = 0;
    int high = points.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (points[middle] < point) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private record RingPoint(long point, int nameRank, int shard) {}

  /** Points that two shards share are ordered by shard name, not by config position. */
  private static List<RingPoint> ring(List<String> names) {
    int[] byName = ShardNames.byName(names);
    MessageDigest md5 = Md5Points.newMd5();
    List<RingPoint> ring =
        new ArrayList<>(names.size() * DIGESTS_PER_SHARD * Md5Points.POINTS_PER_DIGEST);
    for (int rank = 0; rank < byName.length; rank++) {
      int shard = byName[rank];
      for (int i = 0; i < DIGESTS_PER_SHARD; i++) {
        byte[] digest = md5.digest(ShardNames.bytes(names.get(shard) + "-" + i));
        for (int word = 0; word < Md5Points.POINTS_PER_DIGEST; word++) {
          ring.add(new RingPoint(Md5Points.point(digest, word), rank, shard));
        }
      }
    }
    ring.sort(Comparator.comparingLong(RingPoint::point).thenComparingInt(RingPoint::nameRank));
    return ring;
  }
}
