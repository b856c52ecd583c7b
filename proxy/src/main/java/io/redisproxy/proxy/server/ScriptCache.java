package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bodies of the scripts clients loaded (SCRIPT LOAD) or ran (EVAL) through the proxy, by their
 * SHA1 digest, so that a shard that lacks one (restarted, new, a replica, or another shard than the
 * one EVAL ran on) gets it loaded instead of the client seeing NOSCRIPT. Bounded: the scripts used
 * least recently go first. Shared by every event loop; touched only by requests that carry or call
 * a script.
 */
final class ScriptCache {
  /** Ample for the scripts of any application; a larger one would hold generated code. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JVM has no SHA-1", e);
            }
          });

  private final long maxBytes;
  // By digest; an entry of an older epoch (before a SCRIPT FLUSH) is no longer held by the servers,
  // and stays only until the bound pushes it out, so that SCRIPT EXISTS sent before the flush is
  // still answered as of then.
  private final Map<String, Entry> bodies = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long epoch;

  private record Entry(byte[] body, long epoch) {}

  ScriptCache() {
    this(MAX_BYTES);
  }

  ScriptCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Keeps the body in {@code frame[offset, offset + length)}, unless known already. */
  void remember(ByteBuf frame, int offset, int length) {
    remember(frame, offset, length, epoch());
  }

  /**
   * Keeps {@code body}, which a server took in epoch {@code since} (when the transaction that
   * carried it was sent): after a later SCRIPT FLUSH, only for what was asked before it.
   */
  void remember(byte[] body, long since) {
    ByteBuf wrapped = Unpooled.wrappedBuffer(body);
    try {
      remember(wrapped, 0, body.length, since);
    } finally {
      wrapped.release();
    }
  }

  private void remember(ByteBuf frame, int offset, int length, long since) {
    if (length > maxBytes) {
      return;
    }
    ByteBuffer region = frame.nioBuffer(offset, length);
    MessageDigest digest = SHA1.get();
    digest.update(region);
    String sha = HexFormat.of().formatHex(digest.digest());
    synchronized (this) {
      Entry known = bodies.get(sha);
      if (known != null && known.epoch() >= since) {
        return;
      }
      byte[] body = new byte[length];
      frame.getBytes(offset, body);
      Entry replaced = bodies.put(sha, new Entry(body, since));
      bytes += length - (replaced == null ? 0 : replaced.body().length);
      var oldest = bodies.entrySet().iterator();
      while (bytes > maxBytes) {
        bytes -= oldest.next().getValue().body().length;
        oldest.remove();
      }
    }
  }

  /** The body whose digest is {@code sha} (hex, either case), or null when none is known now. */
  synchronized byte[] body(String sha) {
    Entry entry = bodies.get(sha.toLowerCase(Locale.ROOT));
    return entry != null && entry.epoch() == epoch ? entry.body() : null;
  }

  /** Whether the body whose digest is {@code sha} was known in epoch {@code epoch}. */
  synchronized boolean knownIn(String sha, long epoch) {
    Entry entry = bodies.get(sha.toLowerCase(Locale.ROOT));
    return entry != null && entry.epoch() == epoch;
  }

  /** SCRIPT FLUSH: the shards forget every script, and so does the proxy. */
  synchronized void clear() {
    epoch++;
  }

  /** Which SCRIPT FLUSH through the proxy the servers' scripts date from. */
  synchronized long epoch() {
    return epoch;
  }

  synchronized int size() {
    return bodies.size();
  }
}
