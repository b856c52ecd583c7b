package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Points on the ketama ring: an MD5 digest read as four little-endian unsigned 32-bit words, as
 * libketama, memcached clients and twemproxy read it.
 *
 * <p>Hashing a key costs one MD5, several times an XXH64, on a digest kept per thread, so nothing
 * is allocated per key. A key in a heap buffer is digested in place; a key in a direct buffer is
 * copied through a small per-thread scratch array, as MessageDigest only reads arrays without
 * allocating.
 */
final class Md5Points {
  static final int DIGEST_LENGTH = 16;
  static final int POINTS_PER_DIGEST = DIGEST_LENGTH / 4;
  private static final int SCRATCH_LENGTH = 256;

  private static final FastThreadLocal<Md5Points> PER_THREAD =
      new FastThreadLocal<>() {
        @Override
        protected Md5Points initialValue() {
          return new Md5Points();
        }
      };

  private final MessageDigest md5 = newMd5();
  private final byte[] digest = new byte[DIGEST_LENGTH];
  private final byte[] scratch = new byte[SCRATCH_LENGTH];

  private Md5Points() {}

  /** The ring point of the key in {@code buf[index, index + length)}: its digest's first word. */
  static long keyPoint(ByteBuf buf, int index, int length) {
    return PER_THREAD.get().firstPoint(buf, index, length);
  }

  /** Word {@code word} (0 to 3) of {@code digest}, as an unsigned 32-bit value. */
  static long point(byte[] digest, int word) {
    int at = word * 4;
    return (digest[at] & 0xFFL)
        | (digest[at + 1] & 0xFFL) << 8
        | (digest[at + 2] & 0xFFL) << 16
        | (digest[at + 3] & 0xFFL) << 24;
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime offers no MD5, which ketama needs.", e);
    }
  }

  private long firstPoint(ByteBuf buf, int index, int length) {
    if (index < 0 || length < 0 || index > buf.capacity() - length) {
      throw new IndexOutOfBoundsException(
          String.format(
              "A key of %d bytes at %d lies outside its buffer of %d bytes.",
              length, index, buf.capacity()));
    }
    // A failed read must not leave bytes behind in this thread's digest for the next key.
    md5.reset();
    if (buf.hasArray()) {
      md5.update(buf.array(), buf.arrayOffset() + index, length);
    } else {
      for (int done = 0; done < length; ) {
        int chunk = Math.min(SCRATCH_LENGTH, length - done);
        buf.getBytes(index + done, scratch, 0, chunk);
        md5.update(scratch, 0, chunk);
        done += chunk;
      }
    }
    try {
      md5.digest(digest, 0, DIGEST_LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("MD5 did not fill its 16-byte digest.", e);
    }
    return point(digest, 0);
  }
}
