package io.redisproxy.proxy.route;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names a key larger than one batch of a move takes while it is copied piece by piece, so that
 * neither server spends long on it at once: on its previous shard it is renamed to its
 * <em>outgoing</em> name (whose presence tells a proxy to wait: the key is on its way), and the
 * copy grows under its <em>incoming</em> name on the new shard until it is complete and takes the
 * key's own name there. A proxy that meets such a key before the mover does renames it so itself
 * and adds it to the previous shard's {@link #QUEUE}, which the mover empties first. These names
 * are reserved: a client's key with either prefix would be taken for a key being copied.
 */
public final class StagedKeys {
  /** Keys larger than this (by {@code MEMORY USAGE}) move piece by piece. */
  public static final long LARGE_KEY_BYTES = 1L << 20;

  /** The text every outgoing name begins with. */
  public static final String OUTGOING_PREFIX = "__redisproxy:moving-out:";

  /** A set, on a previous shard, of the keys proxies renamed to their outgoing name. */
  public static final String QUEUE = "__redisproxy:moving-queue";

  private static final byte[] OUTGOING = OUTGOING_PREFIX.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INCOMING =
      "__redisproxy:moving-in:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] QUEUE_NAME = QUEUE.getBytes(StandardCharsets.US_ASCII);

  private StagedKeys() {}

  /** The name {@code key} has on its previous shard while it is copied. */
  public static byte[] outgoing(byte[] key) {
    return prefixed(OUTGOING, key);
  }

  /** The name the copy of {@code key} has on its new shard until it is complete. */
  public static byte[] incoming(byte[] key) {
    return prefixed(INCOMING, key);
  }

  /** The queue's name. */
  public static byte[] queue() {
    return QUEUE_NAME.clone();
  }

  /** The key an outgoing name stands for, or null when {@code name} is not one. */
  public static byte[] fromOutgoing(byte[] name) {
    return startsWith(name, OUTGOING)
        ? Arrays.copyOfRange(name, OUTGOING.length, name.length)
        : null;
  }

  /** Whether {@code name} is an outgoing or an incoming name, or the queue. */
  public static boolean isReserved(byte[] name) {
    return startsWith(name, OUTGOING)
        || startsWith(name, INCOMING)
        || Arrays.equals(name, QUEUE_NAME);
  }

  private static byte[] prefixed(byte[] prefix, byte[] key) {
    byte[] name = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, name, prefix.length, key.length);
    return name;
  }

  private static boolean startsWith(byte[] name, byte[] prefix) {
    return name.length >= prefix.length
        && Arrays.equals(name, 0, prefix.length, prefix, 0, prefix.length);
  }
}
